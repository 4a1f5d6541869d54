package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.ProductionAccessApproved;
import dev.postject.events.SendingReputationAtRisk;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * The account's standing with receivers: warnings that its bounce or complaint rate crossed a
 * threshold. Only a production account's sending reaches strangers, so only its rates count.
 */
final class SendingReputation {
    private static final Set<String> METRICS =
            Set.of(SendingReputationAtRisk.BOUNCE_RATE, SendingReputationAtRisk.COMPLAINT_RATE);

    private boolean production;

    @CommandHandler
    boolean handle(RecordReputationAtRisk command) {
        if (!METRICS.contains(command.metric())) {
            throw new IllegalArgumentException("Unknown reputation metric " + command.metric());
        }
        if (!production) {
            return false;
        }
        apply(new SendingReputationAtRisk(
                command.accountId(),
                command.metric(),
                command.rate(),
                command.threshold(),
                command.sends(),
                command.detectedAt()));
        return true;
    }

    @EventSourcingHandler
    void on(ProductionAccessApproved event) {
        production = true;
    }
}
