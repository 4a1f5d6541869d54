package dev.postject.service.sending;

import dev.postject.events.EmailId;
import dev.postject.service.mail.reports.BounceClassification;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record the outcome of one delivery attempt to one recipient. {@code retryAt} only for a deferral,
 * {@code bounce} only for a bounce.
 */
public record RecordAttempt(
        @TargetAggregateIdentifier EmailId emailId,
        String recipient,
        Outcome outcome,
        String response,
        int attempt,
        Instant retryAt,
        BounceClassification bounce) {}
