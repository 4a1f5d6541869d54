package dev.postject.service.sending;

import dev.postject.events.EmailId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record the outcome of one delivery attempt to one recipient. {@code retryAt} only for a deferral. */
public record RecordAttempt(
        @TargetAggregateIdentifier EmailId emailId,
        String recipient,
        Outcome outcome,
        String response,
        int attempt,
        java.time.Instant retryAt) {}
