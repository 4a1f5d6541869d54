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
import java.util.Set;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(StatsProjection.class);
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
        RecentSends.NewEmail email = new RecentSends.NewEmail(
                e.accountId().value(),
                e.emailId().value(),
                e.tag() == null ? "" : e.tag(),
                sequence(message),
                List.copyOf(sentTo),
                !e.sandbox());
        step(batch -> batch.queued(new StatsBatch.Queued(email, e.queuedAt(), replay)));
    }

    /**
     * A batch's new emails recorded, and those new here (not seen before) with sends take their
     * places in their accounts' rings, counted and judged one by one in ledger order. An email whose
     * every recipient was suppressed is recorded, to count its outcomes, but is no send.
     */
    private void record(Handle h, List<StatsBatch.Queued> queued, HourlyCounts counts) {
        Set<String> fresh = RecentSends.recordNew(
                h, queued.stream().map(StatsBatch.Queued::email).toList());
        List<StatsBatch.Queued> sends = queued.stream() // each new one once, were its event twice in the batch
                .filter(q -> fresh.remove(q.email().emailId())
                        && !q.email().recipients().isEmpty())
                .toList();
        if (sends.isEmpty()) {
            return;
        }
        RecentSends.Rings rings = RecentSends.Rings.read(
                h, sends.stream().map(StatsBatch.Queued::email).toList());
        for (StatsBatch.Queued send : sends) {
            RecentSends.NewEmail email = send.email();
            RecentSends.Ring ring = rings.take(email);
            counts.add(
                    email.accountId(), email.tag(), "sent", email.recipients().size(), send.at());
            rings.atRisk(email.accountId(), judge(new AccountId(email.accountId()), ring, send.at(), send.replay()));
        }
        rings.write(h);
    }

    @EventHandler
    void on(EmailDelivered e, EventMessage<?> message) {
        addPast(e.emailId().value(), message, "delivered", e.deliveredAt());
    }

    @EventHandler
    void on(EmailDeferred e, EventMessage<?> message) {
        addPast(e.emailId().value(), message, "deferred", e.deferredAt());
    }

    /** A server further on still trying (a delayed DSN): the delivery was put off, as by a 4xx here. */
    @EventHandler
    void on(EmailDelayed e, EventMessage<?> message) {
        addPast(e.emailId().value(), message, "deferred", e.reportedAt());
    }

    @EventHandler
    void on(EmailBounced e, EventMessage<?> message, ReplayStatus replay) {
        step(batch -> jdbi.useHandle(h -> batch.moveNow(h, e.emailId().value(), sequence(message))
                .ifPresent(c -> {
                    batch.add(
                            c.accountId(),
                            c.tag(),
                            BOUNCE_COLUMNS.getOrDefault(e.bounceType(), "bounced_undetermined"),
                            1,
                            e.bouncedAt());
                    if (e.bounceType().equals("hard")) {
                        flag(h, e, e.recipient(), "hard_bounced", "bounces", e.bouncedAt(), replay);
                    }
                })));
    }

    @EventHandler
    void on(EmailComplained e, EventMessage<?> message, ReplayStatus replay) {
        step(batch -> jdbi.useHandle(h -> batch.moveNow(h, e.emailId().value(), sequence(message))
                .ifPresent(c -> {
                    batch.add(c.accountId(), c.tag(), "complained", 1, e.complainedAt());
                    flag(h, e, e.recipient(), "complained", "complaints", e.complainedAt(), replay);
                })));
    }

    @EventHandler
    void on(EmailOpened e, EventMessage<?> message) {
        addPast(e.emailId().value(), message, "opened", e.openedAt());
    }

    @EventHandler
    void on(EmailLinkClicked e, EventMessage<?> message) {
        addPast(e.emailId().value(), message, "clicked", e.clickedAt());
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

    private void step(Consumer<StatsBatch> step) {
        StatsBatch.step(jdbi, this::record, step);
    }

    private void addPast(String emailId, EventMessage<?> message, String counter, Instant at) {
        long sequence = sequence(message);
        step(batch -> batch.addPast(emailId, sequence, counter, at));
    }

    /** Marks a send (while in the ring), and judges its account's rates when that changed them. */
    private void flag(
            Handle h, EmailEvent e, String recipient, String flag, String counter, Instant at, ReplayStatus replay) {
        RecentSends.flag(h, e.accountId(), e.emailId().value(), recipient, flag, counter)
                .ifPresent(ring -> {
                    RecentSends.AtRisk now = judge(e.accountId(), ring, at, replay);
                    if (!now.equals(ring.atRisk())) {
                        RecentSends.atRisk(h, e.accountId(), now);
                    }
                });
    }

    /**
     * Whether each rate is over its threshold now: a crossing (of a production account, with enough
     * sends) raises the alarm once, outside a replay; a rate back below re-arms it.
     */
    private RecentSends.AtRisk judge(AccountId account, RecentSends.Ring ring, Instant at, ReplayStatus replay) {
        int sends = (int) Math.min(ring.sends(), Reputation.WINDOW);
        boolean judged = ring.production() && sends >= rules.minimumSends();
        double bounceRate = Reputation.rate(ring.bounces(), sends);
        double complaintRate = Reputation.rate(ring.complaints(), sends);
        RecentSends.AtRisk was = ring.atRisk();
        RecentSends.AtRisk now = new RecentSends.AtRisk(
                bounceRate >= Reputation.BOUNCE_THRESHOLD && (judged || was.bounce()),
                complaintRate >= Reputation.COMPLAINT_THRESHOLD && (judged || was.complaint()));
        if (replay.isReplay()) {
            return now; // the ledger has the warnings of the first time round
        }
        if (now.bounce() && !was.bounce()) {
            raise(account, SendingReputationAtRisk.BOUNCE_RATE, bounceRate, Reputation.BOUNCE_THRESHOLD, sends, at);
        }
        if (now.complaint() && !was.complaint()) {
            raise(
                    account,
                    SendingReputationAtRisk.COMPLAINT_RATE,
                    complaintRate,
                    Reputation.COMPLAINT_THRESHOLD,
                    sends,
                    at);
        }
        return now;
    }

    /**
     * The alarm, whose failure is logged and costs only itself: the counts, the ring and the
     * crossing (not raised again) are the batch's all the same.
     */
    private void raise(AccountId account, String metric, double rate, double threshold, int sends, Instant at) {
        try {
            alarm.atRisk(account, metric, rate, threshold, sends, at);
        } catch (RuntimeException e) {
            LOG.error("The {} alarm of {} failed; the crossing stays recorded", metric, account.value(), e);
        }
    }
}
