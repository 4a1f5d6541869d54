package dev.postject.projections.stats;

import dev.postject.events.AccountEvent;
import dev.postject.events.AccountId;
import dev.postject.events.EmailBounced;
import dev.postject.events.EmailComplained;
import dev.postject.events.EmailDeferred;
import dev.postject.events.EmailDelayed;
import dev.postject.events.EmailDelivered;
import dev.postject.events.EmailEvent;
import dev.postject.events.EmailLinkClicked;
import dev.postject.events.EmailOpened;
import dev.postject.events.EmailQueued;
import dev.postject.events.SendingReputationAtRisk;
import dev.postject.projections.EmailKeys;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Sending stats, counted off the send path by a streaming processor: per account, UTC hour and
 * tag, the recipients sent to (queued, less the suppressed), delivered, deferred (each 4xx attempt
 * here, and each delay reported by a server further on), bounced (by type), complained, opened
 * and clicked, summed per batch ({@link HourlyCounts}); and each account's last {@value Reputation#WINDOW} sends
 * with their hard bounces and complaints (a ring, {@code rm_stats_recent_sends}), which the
 * reputation guard watches. Postject's own mail ({@code system}) is not the account's sending and
 * is not counted.
 *
 * <p>Idempotent by position, as the emails projection is: an email's row here holds the sequence
 * number of the last of its events counted, and an event is counted only when it comes after it,
 * in the processor's transaction, which also moves the processor's token. The processor orders
 * events per account ({@link #sequencingKey}), so one account's rows are only ever written by one
 * segment, in ledger order.
 */
@ProcessingGroup(StatsProjection.GROUP)
public final class StatsProjection {
    public static final String GROUP = "stats";

    private static final Map<String, String> BOUNCE_COLUMNS =
            Map.of("hard", "bounced_hard", "soft", "bounced_soft", "block", "bounced_block");

    private final Jdbi jdbi;
    private final Reputation rules;
    private final ReputationAlarm alarm;

    public StatsProjection(Jdbi jdbi, Reputation rules, ReputationAlarm alarm) {
        this.jdbi = jdbi;
        this.rules = rules;
        this.alarm = alarm;
    }

    /** What orders the processor's events: the account, so that its counts and ring have one writer. */
    public static Object sequencingKey(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof EmailEvent email) {
            return email.accountId().value();
        }
        if (payload instanceof AccountEvent account) {
            return account.accountId().value();
        }
        return event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : event.getIdentifier();
    }

    private record Counted(String accountId, String tag) {}

    @EventHandler
    void on(EmailQueued e, EventMessage<?> message, ReplayStatus replay) {
        if (e.system()) {
            return;
        }
        Set<String> suppressed = new LinkedHashSet<>();
        e.suppressed().forEach(address -> suppressed.add(EmailKeys.of(address)));
        Set<String> sentTo = new LinkedHashSet<>(); // one send per address, whatever its case or list
        for (List<String> list : List.of(e.to(), e.cc(), e.bcc())) {
            list.stream()
                    .map(EmailKeys::of)
                    .filter(key -> !suppressed.contains(key))
                    .forEach(sentTo::add);
        }
        String tag = e.tag() == null ? "" : e.tag();
        jdbi.useHandle(h -> {
            if (sentTo.isEmpty()) { // every recipient suppressed: an email to count outcomes of, no send
                h.createUpdate("INSERT INTO rm_stats_emails (email_id, account_id, tag, sequence_number)"
                                + " VALUES (:id, :account, :tag, :seq) ON CONFLICT DO NOTHING")
                        .bind("id", e.emailId().value())
                        .bind("account", e.accountId().value())
                        .bind("tag", tag)
                        .bind("seq", sequence(message))
                        .execute();
                return;
            }
            RecentSends.recordAndTake(
                            h,
                            e.accountId().value(),
                            e.emailId().value(),
                            tag,
                            sequence(message),
                            List.copyOf(sentTo),
                            !e.sandbox())
                    .ifPresent(ring -> {
                        count(new Counted(e.accountId().value(), tag), "sent", sentTo.size(), e.queuedAt());
                        judge(h, e.accountId(), ring, e.queuedAt(), replay);
                    });
        });
    }

    @EventHandler
    void on(EmailDelivered e, EventMessage<?> message) {
        HourlyCounts.addPast(jdbi, e.emailId().value(), sequence(message), "delivered", e.deliveredAt());
    }

    @EventHandler
    void on(EmailDeferred e, EventMessage<?> message) {
        HourlyCounts.addPast(jdbi, e.emailId().value(), sequence(message), "deferred", e.deferredAt());
    }

    /** A server further on still trying (a delayed DSN): the delivery was put off, as by a 4xx here. */
    @EventHandler
    void on(EmailDelayed e, EventMessage<?> message) {
        HourlyCounts.addPast(jdbi, e.emailId().value(), sequence(message), "deferred", e.reportedAt());
    }

    @EventHandler
    void on(EmailBounced e, EventMessage<?> message, ReplayStatus replay) {
        jdbi.useHandle(h -> counted(h, message, e.emailId().value()).ifPresent(c -> {
            count(c, BOUNCE_COLUMNS.getOrDefault(e.bounceType(), "bounced_undetermined"), 1, e.bouncedAt());
            if (e.bounceType().equals("hard")) {
                RecentSends.flag(h, e.accountId(), e.emailId().value(), e.recipient(), "hard_bounced", "bounces")
                        .ifPresent(ring -> judge(h, e.accountId(), ring, e.bouncedAt(), replay));
            }
        }));
    }

    @EventHandler
    void on(EmailComplained e, EventMessage<?> message, ReplayStatus replay) {
        jdbi.useHandle(h -> counted(h, message, e.emailId().value()).ifPresent(c -> {
            count(c, "complained", 1, e.complainedAt());
            RecentSends.flag(h, e.accountId(), e.emailId().value(), e.recipient(), "complained", "complaints")
                    .ifPresent(ring -> judge(h, e.accountId(), ring, e.complainedAt(), replay));
        }));
    }

    @EventHandler
    void on(EmailOpened e, EventMessage<?> message) {
        HourlyCounts.addPast(jdbi, e.emailId().value(), sequence(message), "opened", e.openedAt());
    }

    @EventHandler
    void on(EmailLinkClicked e, EventMessage<?> message) {
        HourlyCounts.addPast(jdbi, e.emailId().value(), sequence(message), "clicked", e.clickedAt());
    }

    /** Clears the model for a replay. */
    @ResetHandler
    public void reset() {
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM rm_stats_hourly");
            h.execute("DELETE FROM rm_stats_recent_sends");
            h.execute("DELETE FROM rm_stats_reputation");
            h.execute("DELETE FROM rm_stats_emails");
        });
    }

    private static long sequence(EventMessage<?> event) {
        if (!(event instanceof DomainEventMessage<?> applied)) {
            throw new IllegalArgumentException("The " + GROUP + " projection counts events of emails, not a bare "
                    + event.getPayloadType().getSimpleName());
        }
        return applied.getSequenceNumber();
    }

    /**
     * The email's account and tag, its position moved to this event; empty when the email is not
     * counted (Postject's own) or this event was counted already.
     */
    private static Optional<Counted> counted(Handle h, EventMessage<?> message, String emailId) {
        return HourlyCounts.moveNow(h, emailId, sequence(message))
                .map(before -> new Counted(before.accountId(), before.tag()));
    }

    private void count(Counted email, String counter, int by, Instant at) {
        HourlyCounts.add(jdbi, email.accountId(), email.tag(), counter, by, at);
    }

    /**
     * Whether each rate is over its threshold now: a crossing (of a production account, with enough
     * sends) raises the alarm once, outside a replay; a rate back below re-arms it.
     */
    private void judge(Handle h, AccountId account, RecentSends.Ring ring, Instant at, ReplayStatus replay) {
        int sends = (int) Math.min(ring.sends(), Reputation.WINDOW);
        boolean judged = ring.production() && sends >= rules.minimumSends();
        double bounceRate = Reputation.rate(ring.bounces(), sends);
        double complaintRate = Reputation.rate(ring.complaints(), sends);
        boolean bounceAtRisk = bounceRate >= Reputation.BOUNCE_THRESHOLD && (judged || ring.bounceAtRisk());
        boolean complaintAtRisk = complaintRate >= Reputation.COMPLAINT_THRESHOLD && (judged || ring.complaintAtRisk());
        if (bounceAtRisk == ring.bounceAtRisk() && complaintAtRisk == ring.complaintAtRisk()) {
            return;
        }
        h.createUpdate("UPDATE rm_stats_reputation SET bounce_at_risk = :bounce, complaint_at_risk = :complaint"
                        + " WHERE account_id = :account")
                .bind("bounce", bounceAtRisk)
                .bind("complaint", complaintAtRisk)
                .bind("account", account.value())
                .execute();
        if (replay.isReplay()) {
            return; // the ledger has the warnings of the first time round
        }
        if (bounceAtRisk && !ring.bounceAtRisk()) {
            alarm.atRisk(
                    account, SendingReputationAtRisk.BOUNCE_RATE, bounceRate, Reputation.BOUNCE_THRESHOLD, sends, at);
        }
        if (complaintAtRisk && !ring.complaintAtRisk()) {
            alarm.atRisk(
                    account,
                    SendingReputationAtRisk.COMPLAINT_RATE,
                    complaintRate,
                    Reputation.COMPLAINT_THRESHOLD,
                    sends,
                    at);
        }
    }
}
