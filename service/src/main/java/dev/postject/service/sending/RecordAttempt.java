package dev.postject.service.sending;

import dev.postject.events.EmailId;
import dev.postject.service.mail.reports.BounceClassification;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record the outcome of one delivery attempt to one recipient. {@code retryAt} only for a deferral,
 * {@code bounce} only for a bounce; {@code bounceStatus} is the enhanced status code of a bounce's
 * reply ({@code 5.1.1}), null when it gave none.
 */
public record RecordAttempt(
        @TargetAggregateIdentifier EmailId emailId,
        String recipient,
        Outcome outcome,
        String response,
        int attempt,
        Instant retryAt,
        BounceClassification bounce,
        String bounceStatus) {
    /** An attempt whose reply had no enhanced status code (or was no bounce). */
    public RecordAttempt(
            EmailId emailId,
            String recipient,
            Outcome outcome,
            String response,
            int attempt,
            Instant retryAt,
            BounceClassification bounce) {
        this(emailId, recipient, outcome, response, attempt, retryAt, bounce, null);
    }
}
