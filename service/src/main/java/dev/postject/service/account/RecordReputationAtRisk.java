package dev.postject.service.account;

import dev.postject.events.AccountId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The account's bounce or complaint rate over its last {@code sends} sends crossed the threshold
 * receivers hold senders to (sent by the stats processor, as the system). Answers whether it was
 * recorded: a sandbox account's reputation is not at stake, so nothing is.
 */
public record RecordReputationAtRisk(
        @TargetAggregateIdentifier AccountId accountId,
        String metric,
        double rate,
        double threshold,
        int sends,
        Instant detectedAt) {}
