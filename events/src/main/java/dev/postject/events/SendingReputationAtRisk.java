package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * A production account's bounce or complaint rate over its recent sends crossed the threshold
 * receivers hold senders to. {@code metric} is {@code bounce_rate} or {@code complaint_rate};
 * {@code rate} and {@code threshold} are fractions (0.003 is 0.3%) over the last {@code sends}
 * sends.
 */
@Revision("1")
public record SendingReputationAtRisk(
        AccountId accountId, String metric, double rate, double threshold, int sends, Instant detectedAt)
        implements AccountEvent {
    public static final String BOUNCE_RATE = "bounce_rate";
    public static final String COMPLAINT_RATE = "complaint_rate";

    public SendingReputationAtRisk {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(detectedAt, "detectedAt");
    }
}
