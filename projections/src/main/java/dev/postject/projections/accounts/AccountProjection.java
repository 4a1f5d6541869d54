package dev.postject.projections.accounts;

import dev.postject.events.AccountDefaultsChanged;
import dev.postject.events.AccountId;
import dev.postject.events.AccountMode;
import dev.postject.events.AccountOpened;
import dev.postject.events.AccountSendingPaused;
import dev.postject.events.AccountSendingResumed;
import dev.postject.events.ProductionAccessApproved;
import dev.postject.events.ProductionAccessRejected;
import dev.postject.events.ProductionAccessRequested;
import dev.postject.events.SandboxSendSucceeded;
import dev.postject.events.SendingReputationAtRisk;
import dev.postject.projections.internal.Positions;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.jdbi.v3.core.Jdbi;

/**
 * Accounts and their mode. Read-your-writes: updated in the transaction of the event append.
 * Idempotent by position (see {@link Positions}).
 */
@ProcessingGroup(AccountProjection.GROUP)
public final class AccountProjection {
    public static final String GROUP = "accounts";

    private final Jdbi jdbi;
    private final Positions positions;

    public AccountProjection(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.positions = new Positions(jdbi, GROUP);
    }

    @EventHandler
    void on(AccountOpened e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate(
                                "INSERT INTO rm_accounts (account_id, name, mode, owner_user_id, owner_email, created_at)"
                                        + " VALUES (:id, :name, :mode, :owner, :email, :at) ON CONFLICT (account_id) DO NOTHING")
                        .bind("id", e.accountId().value())
                        .bind("name", e.name())
                        .bind("mode", AccountMode.SANDBOX.wireName())
                        .bind("owner", e.ownerId().value())
                        .bind("email", e.ownerEmail())
                        .bind("at", e.openedAt())
                        .execute());
    }

    @EventHandler
    void on(SandboxSendSucceeded e, EventMessage<?> message) {
        update(message, e.accountId(), "sandbox_delivery = TRUE", Map.of());
    }

    @EventHandler
    void on(ProductionAccessRequested e, EventMessage<?> message) {
        Map<String, Object> values = new HashMap<>();
        values.put("useCase", e.useCase());
        values.put("website", e.website());
        values.put("at", e.requestedAt());
        update(
                message,
                e.accountId(),
                "production_status = 'pending', production_use_case = :useCase, production_website = :website,"
                        + " production_requested_at = :at, production_decided_at = NULL, production_reason = NULL",
                values);
    }

    @EventHandler
    void on(ProductionAccessApproved e, EventMessage<?> message) {
        update(
                message,
                e.accountId(),
                "production_status = 'approved', production_decided_at = :at, mode = :mode",
                Map.of("at", e.approvedAt(), "mode", AccountMode.PRODUCTION.wireName()));
    }

    @EventHandler
    void on(ProductionAccessRejected e, EventMessage<?> message) {
        update(
                message,
                e.accountId(),
                "production_status = 'rejected', production_decided_at = :at, production_reason = :reason",
                Map.of("at", e.rejectedAt(), "reason", e.reason()));
    }

    @EventHandler
    void on(AccountDefaultsChanged e, EventMessage<?> message) {
        update(
                message,
                e.accountId(),
                "track_opens = :opens, track_clicks = :clicks",
                Map.of("opens", e.trackOpens(), "clicks", e.trackClicks()));
    }

    @EventHandler
    void on(AccountSendingPaused e, EventMessage<?> message) {
        update(
                message,
                e.accountId(),
                "sending_paused = TRUE, paused_reason = :reason, paused_at = :at",
                Map.of("reason", e.reason(), "at", e.pausedAt()));
    }

    @EventHandler
    void on(AccountSendingResumed e, EventMessage<?> message) {
        update(message, e.accountId(), "sending_paused = FALSE, paused_reason = NULL, paused_at = NULL", Map.of());
    }

    /** The latest warning replaces the one before: the dashboard shows where the account stands now. */
    @EventHandler
    void on(SendingReputationAtRisk e, EventMessage<?> message) {
        update(
                message,
                e.accountId(),
                "risk_metric = :metric, risk_rate = :rate, risk_threshold = :threshold, risk_sends = :sends,"
                        + " risk_at = :at",
                Map.of(
                        "metric", e.metric(),
                        "rate", e.rate(),
                        "threshold", e.threshold(),
                        "sends", e.sends(),
                        "at", e.detectedAt()));
    }

    private void update(EventMessage<?> message, AccountId account, String assignments, Map<String, Object> values) {
        positions.applyOnce(
                message,
                h -> h.createUpdate("UPDATE rm_accounts SET " + assignments + " WHERE account_id = :id")
                        .bind("id", account.value())
                        .bindMap(values)
                        .execute());
    }

    /**
     * Clears the model for a replay. DELETE rather than TRUNCATE: inside the replay's transaction,
     * readers (the auth filter) keep seeing the old rows until the rebuilt ones commit.
     */
    @ResetHandler
    public void reset() {
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM rm_accounts");
            positions.reset(h);
        });
    }
}
