package dev.postject.service.resources.api;

import dev.postject.projections.accounts.AccountView;
import java.time.Instant;

/**
 * An account as the operators see it: its mode, whether its sending is paused (why, since when),
 * and its latest reputation warning ({@code reputationAtRisk}, null when there was none).
 */
public record AdminAccountResponse(
        String id,
        String name,
        String mode,
        String ownerEmail,
        Instant createdAt,
        boolean sendingPaused,
        String pausedReason,
        Instant pausedAt,
        ReputationWarning reputationAtRisk) {
    /** A bounce or complaint rate (fractions: 0.003 is 0.3%) over the last {@code sends} sends, past its threshold. */
    public record ReputationWarning(String metric, double rate, double threshold, int sends, Instant at) {}

    public static AdminAccountResponse of(AccountView view) {
        return new AdminAccountResponse(
                view.id(),
                view.name(),
                view.mode(),
                view.ownerEmail(),
                view.createdAt(),
                view.sendingPaused(),
                view.pausedReason(),
                view.pausedAt(),
                view.atRisk()
                        ? new ReputationWarning(
                                view.riskMetric(),
                                view.riskRate(),
                                view.riskThreshold(),
                                view.riskSends() == null ? 0 : view.riskSends(),
                                view.riskAt())
                        : null);
    }
}
