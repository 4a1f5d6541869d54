package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.RecipientSuppressed;
import dev.postject.events.SuppressionRemoved;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Addresses;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/** The addresses the account no longer sends to (hard bounces, complaints, repeated soft bounces), until it removes them. */
final class Suppressions {
    private final Set<String> suppressed = new HashSet<>();

    /**
     * Returns whether this suppressed the address: false when it already was, which is what the
     * processes that send this want (two bounces to one address may be recorded at once).
     */
    @CommandHandler
    boolean handle(SuppressRecipient command, Clock clock) {
        if (suppressed.contains(Addresses.key(command.email()))) {
            return false;
        }
        apply(new RecipientSuppressed(
                command.accountId(),
                command.email(),
                command.reason(),
                command.emailId(),
                command.bounceType(),
                command.subtype(),
                clock.instant()));
        return true;
    }

    @CommandHandler
    void handle(RemoveSuppression command, Clock clock) {
        if (!suppressed.contains(Addresses.key(command.email()))) {
            throw new Refusal.NotFound("suppression_not_found", "This address is not suppressed.");
        }
        apply(new SuppressionRemoved(command.accountId(), command.email(), clock.instant()));
    }

    @EventSourcingHandler
    void on(RecipientSuppressed event) {
        suppressed.add(Addresses.key(event.email()));
    }

    @EventSourcingHandler
    void on(SuppressionRemoved event) {
        suppressed.remove(Addresses.key(event.email()));
    }
}
