package dev.postject.projections.accounts;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

/**
 * An account, its mode, and its production-access request: {@code productionStatus} is
 * {@code none}, {@code pending}, {@code approved} or {@code rejected}. {@code webhooks} is how many
 * webhook endpoints it has, enabled or not. {@code sendingPaused} (with its reason and instant) is
 * an operator's pause of its sending; {@code risk...} is the latest warning about its sending
 * reputation (all null when there was none): the metric ({@code bounce_rate} or
 * {@code complaint_rate}), the rate and threshold as fractions, over how many sends, and when.
 */
public record AccountView(
        @ColumnName("account_id") String id,
        String name,
        String mode,
        @ColumnName("owner_user_id") String ownerUserId,
        @ColumnName("owner_email") String ownerEmail,
        @ColumnName("created_at") Instant createdAt,
        @ColumnName("production_status") String productionStatus,
        @ColumnName("production_use_case") String productionUseCase,
        @ColumnName("production_website") String productionWebsite,
        @ColumnName("production_requested_at") Instant productionRequestedAt,
        @ColumnName("production_decided_at") Instant productionDecidedAt,
        @ColumnName("production_reason") String productionReason,
        @ColumnName("sandbox_delivery") boolean sandboxDelivery,
        @ColumnName("track_opens") boolean trackOpens,
        @ColumnName("track_clicks") boolean trackClicks,
        int webhooks,
        @ColumnName("sending_paused") boolean sendingPaused,
        @ColumnName("paused_reason") String pausedReason,
        @ColumnName("paused_at") Instant pausedAt,
        @ColumnName("risk_metric") String riskMetric,
        @ColumnName("risk_rate") Double riskRate,
        @ColumnName("risk_threshold") Double riskThreshold,
        @ColumnName("risk_sends") Integer riskSends,
        @ColumnName("risk_at") Instant riskAt) {
    /** Whether a reputation warning was ever recorded for the account. */
    public boolean atRisk() {
        return riskAt != null;
    }
}
