package dev.postject.service.email;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.AccountId;
import dev.postject.events.EmailBounced;
import dev.postject.events.EmailDeferred;
import dev.postject.events.EmailDelivered;
import dev.postject.events.EmailFailed;
import dev.postject.events.EmailId;
import dev.postject.events.EmailQueued;
import dev.postject.projections.EmailKeys;
import dev.postject.service.errors.DomainException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * One accepted email: which recipients still await delivery. Each recipient reaches exactly one
 * final outcome (delivered, bounced or failed); deferrals may come before it.
 */
public class Email {
    @AggregateIdentifier
    private EmailId id;

    private AccountId accountId;
    private final Set<String> pending = new HashSet<>();

    protected Email() {
        // for Axon
    }

    @CommandHandler
    public Email(QueueEmail command) {
        apply(new EmailQueued(
                command.emailId(),
                command.accountId(),
                command.from(),
                List.copyOf(command.to()),
                List.copyOf(command.cc()),
                List.copyOf(command.bcc()),
                List.copyOf(command.suppressed()),
                command.subject(),
                command.tag(),
                command.metadata(),
                command.messageId(),
                command.sandbox(),
                command.system(),
                command.acceptedAt()));
    }

    @CommandHandler
    public void handle(RecordAttempt command, Clock clock) {
        requirePending(command.recipient());
        Instant now = clock.instant();
        switch (command.outcome()) {
            case DELIVERED -> apply(new EmailDelivered(id, accountId, command.recipient(), command.response(), now));
            case DEFERRED ->
                apply(new EmailDeferred(
                        id,
                        accountId,
                        command.recipient(),
                        command.response(),
                        command.attempt(),
                        command.retryAt(),
                        now));
            case BOUNCED -> apply(new EmailBounced(id, accountId, command.recipient(), command.response(), now));
            case FAILED -> apply(new EmailFailed(id, accountId, command.recipient(), command.response(), now));
        }
    }

    private void requirePending(String recipient) {
        if (!pending.contains(key(recipient))) {
            throw new DomainException.Conflict(
                    "recipient_not_pending", "This recipient has no delivery pending for this email.");
        }
    }

    private static String key(String address) {
        return EmailKeys.of(address);
    }

    @EventSourcingHandler
    void on(EmailQueued event) {
        id = event.emailId();
        accountId = event.accountId();
        Set<String> skipped = new HashSet<>();
        event.suppressed().forEach(address -> skipped.add(key(address)));
        for (List<String> list : List.of(event.to(), event.cc(), event.bcc())) {
            list.stream().map(Email::key).filter(k -> !skipped.contains(k)).forEach(pending::add);
        }
    }

    @EventSourcingHandler
    void on(EmailDelivered event) {
        pending.remove(key(event.recipient()));
    }

    @EventSourcingHandler
    void on(EmailBounced event) {
        pending.remove(key(event.recipient()));
    }

    @EventSourcingHandler
    void on(EmailFailed event) {
        pending.remove(key(event.recipient()));
    }
}
