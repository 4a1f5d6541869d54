package dev.postject.service.sending;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.AccountId;
import dev.postject.events.EmailBounced;
import dev.postject.events.EmailComplained;
import dev.postject.events.EmailDeferred;
import dev.postject.events.EmailDelayed;
import dev.postject.events.EmailDelivered;
import dev.postject.events.EmailFailed;
import dev.postject.events.EmailId;
import dev.postject.events.EmailLinkClicked;
import dev.postject.events.EmailOpened;
import dev.postject.events.EmailQueued;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Addresses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * One accepted email: which recipients still await delivery. Each recipient reaches exactly one
 * final outcome (delivered, bounced or failed); deferrals may come before it.
 */
public class Email {
    @AggregateIdentifier
    private EmailId id;

    private AccountId accountId;
    /** How the email came in ({@link EmailQueued#source()}): its outcomes carry it as metadata. */
    private String source;

    private final Set<String> pending = new HashSet<>();
    private final Set<String> recipients = new HashSet<>();
    private final Set<String> bounced = new HashSet<>();
    private final Set<String> complained = new HashSet<>();
    /** When each recipient's open, or click on a URL, was last recorded. */
    private final Map<String, Instant> lastEngagement = new HashMap<>();

    /** The refusal of an outcome for a recipient whose outcome is already final. */
    public static final String RECIPIENT_NOT_PENDING = "recipient_not_pending";

    /** Repeats within this window (a client reloading images, a double click) are one engagement. */
    static final Duration REPEAT_WINDOW = Duration.ofMinutes(1);

    /**
     * The metadata key of the email's {@link EmailQueued#source() source} on its outcome events
     * (delivered, deferred, bounced, failed, complained), so that what counts outcomes per source
     * in-process needs no lookup. Events appended before it was added have none.
     */
    public static final String SOURCE_KEY = "emailSource";

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
                command.source(),
                command.acceptedAt()));
    }

    @CommandHandler
    public void handle(RecordAttempt command, Clock clock) {
        requirePending(command.recipient());
        Instant now = clock.instant();
        switch (command.outcome()) {
            case DELIVERED -> outcome(new EmailDelivered(id, accountId, command.recipient(), command.response(), now));
            case DEFERRED ->
                outcome(new EmailDeferred(
                        id,
                        accountId,
                        command.recipient(),
                        command.response(),
                        command.attempt(),
                        command.retryAt(),
                        now));
            case BOUNCED ->
                outcome(new EmailBounced(
                        id,
                        accountId,
                        command.recipient(),
                        command.bounce().type().code(),
                        command.bounce().subtype().code(),
                        command.bounceStatus(),
                        command.response(),
                        false,
                        now));
            case FAILED -> outcome(new EmailFailed(id, accountId, command.recipient(), command.response(), now));
        }
    }

    /** Records a bounce reported after delivery, unless the recipient is unknown or already bounced. */
    @CommandHandler
    public boolean handle(RecordReportedBounce command, Clock clock) {
        if (!reportable(command.recipient())) {
            return false;
        }
        outcome(new EmailBounced(
                id,
                accountId,
                command.recipient(),
                command.bounce().type().code(),
                command.bounce().subtype().code(),
                command.status(),
                command.diagnostic(),
                true,
                clock.instant()));
        return true;
    }

    /** Records a reported delay on the timeline, unless the recipient is unknown or already bounced. */
    @CommandHandler
    public boolean handle(RecordReportedDelay command, Clock clock) {
        if (!reportable(command.recipient())) {
            return false;
        }
        apply(new EmailDelayed(
                id, accountId, command.recipient(), command.status(), command.diagnostic(), clock.instant()));
        return true;
    }

    /** Whether a report about {@code address} still counts: one of the email's recipients, not yet bounced. */
    private boolean reportable(String address) {
        String recipient = key(address);
        return recipients.contains(recipient) && !bounced.contains(recipient);
    }

    /** Records a spam complaint, once per recipient. */
    @CommandHandler
    public boolean handle(RecordComplaint command, Clock clock) {
        String recipient = key(command.recipient());
        if (!recipients.contains(recipient) || complained.contains(recipient)) {
            return false;
        }
        outcome(new EmailComplained(
                id, accountId, command.recipient(), command.feedbackType(), command.reporter(), clock.instant()));
        return true;
    }

    /**
     * Records an open or a click of one of the email's recipients, once per {@link #REPEAT_WINDOW}
     * for the same recipient and link; returns whether it was recorded.
     */
    @CommandHandler
    public boolean handle(RecordEngagement command, Clock clock) {
        String recipient = key(command.recipient());
        if (!recipients.contains(recipient)) {
            return false;
        }
        Instant now = clock.instant();
        Instant last = lastEngagement.get(engagementKey(recipient, command.url()));
        if (last != null && now.isBefore(last.plus(REPEAT_WINDOW))) {
            return false;
        }
        String userAgent = command.userAgent() == null || command.userAgent().length() <= 500
                ? command.userAgent()
                : command.userAgent().substring(0, 500);
        apply(
                command.url() == null
                        ? new EmailOpened(id, accountId, command.recipient(), userAgent, now)
                        : new EmailLinkClicked(id, accountId, command.recipient(), command.url(), userAgent, now));
        return true;
    }

    private void outcome(Object event) {
        apply(event, source == null ? MetaData.emptyInstance() : MetaData.with(SOURCE_KEY, source));
    }

    private static String engagementKey(String recipient, String url) {
        return url == null ? recipient : recipient + "\n" + url;
    }

    private void requirePending(String recipient) {
        if (!pending.contains(key(recipient))) {
            throw new Refusal.Conflict(RECIPIENT_NOT_PENDING, "This recipient has no delivery pending for this email.");
        }
    }

    private static String key(String address) {
        return Addresses.key(address);
    }

    @EventSourcingHandler
    void on(EmailQueued event) {
        id = event.emailId();
        accountId = event.accountId();
        source = event.source();
        Set<String> skipped = new HashSet<>();
        event.suppressed().forEach(address -> skipped.add(key(address)));
        for (List<String> list : List.of(event.to(), event.cc(), event.bcc())) {
            list.stream().map(Email::key).filter(k -> !skipped.contains(k)).forEach(pending::add);
        }
        recipients.addAll(pending);
    }

    @EventSourcingHandler
    void on(EmailOpened event) {
        lastEngagement.put(engagementKey(key(event.recipient()), null), event.openedAt());
    }

    @EventSourcingHandler
    void on(EmailLinkClicked event) {
        lastEngagement.put(engagementKey(key(event.recipient()), event.url()), event.clickedAt());
    }

    @EventSourcingHandler
    void on(EmailDelivered event) {
        pending.remove(key(event.recipient()));
    }

    @EventSourcingHandler
    void on(EmailBounced event) {
        pending.remove(key(event.recipient()));
        bounced.add(key(event.recipient()));
    }

    @EventSourcingHandler
    void on(EmailComplained event) {
        complained.add(key(event.recipient()));
    }

    @EventSourcingHandler
    void on(EmailFailed event) {
        pending.remove(key(event.recipient()));
    }
}
