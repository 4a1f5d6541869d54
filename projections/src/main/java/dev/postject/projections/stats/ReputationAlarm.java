package dev.postject.projections.stats;

import dev.postject.events.AccountId;
import java.time.Instant;

/**
 * Told by the {@link StatsProjection} when a production account's rate over its recent sends
 * reaches a threshold, once per crossing, in the transaction that counted the send or report that
 * crossed it; never during a replay.
 */
@FunctionalInterface
public interface ReputationAlarm {
    /**
     * @param metric {@code bounce_rate} or {@code complaint_rate}
     * @param sends how many recent sends the rate is over
     */
    void atRisk(AccountId account, String metric, double rate, double threshold, int sends, Instant at);
}
