package dev.postject.service.delivery;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.events.EmailId;
import dev.postject.projections.EmailKeys;
import dev.postject.projections.accounts.AccountView;
import dev.postject.projections.suppressions.SuppressionQueries;
import dev.postject.service.account.RecordSandboxSend;
import dev.postject.service.account.SuppressRecipient;
import dev.postject.service.mail.SmtpClient;
import dev.postject.service.mail.SmtpReply;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.jobs.QueueWorkers;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.sending.Outcome;
import dev.postject.service.sending.RecordAttempt;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued email. Workers lease due rows of {@code delivery_queue} ({@code FOR UPDATE SKIP
 * LOCKED}, so several nodes share the queue), send each over their own reused SMTP connection,
 * and record the outcome and the queue change in one transaction.
 *
 * <p>Each node keeps a heartbeat in {@code delivery_nodes}. The rows of a node whose heartbeat
 * stopped (it crashed) are leased again within {@link #DEAD_AFTER}, and sent again: delivery is
 * at-least-once, and only SMTP transactions in flight at a crash can be duplicated. A long lease
 * ({@link #LEASE}) bounds the rest; a graceful stop hands its leases back at once.
 */
public final class DeliveryWorker implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    static final Duration LEASE = Duration.ofMinutes(30);
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final Duration DEAD_AFTER = Duration.ofSeconds(10);
    static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(30);
    private static final int BATCH = 4;

    private final Jdbi jdbi;
    private final Transactions transactions;
    private final CommandGateway commands;
    private final SmtpClient smtp;
    private final SuppressionQueries suppressions;
    private final ReadModelCaches caches;
    private final Clock clock;
    private final RetryPolicy retry;
    private final int concurrency;
    private final QueueWorkers workers = new QueueWorkers("postject-smtp", Duration.ofMillis(500));
    private final String nodeId = UUID.randomUUID().toString();
    private ScheduledExecutorService heartbeat;
    private final Timer leaseTimer;
    private final Timer smtpTimer;
    private final Timer recordTimer;

    /**
     * A leased delivery with its content ({@code mime} is null when the content was deleted);
     * {@code sandboxSend}: one of the account's own emails, accepted in sandbox mode.
     */
    record Lease(
            long id,
            String emailId,
            String accountId,
            String recipient,
            int attempts,
            Instant queuedAt,
            String envelopeFrom,
            byte[] mime,
            boolean sandboxSend) {}

    public DeliveryWorker(
            Jdbi jdbi,
            Transactions transactions,
            CommandGateway commands,
            SmtpClient smtp,
            ReadModelCaches caches,
            Clock clock,
            RetryPolicy retry,
            int concurrency,
            MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.transactions = transactions;
        this.commands = commands;
        this.smtp = smtp;
        this.suppressions = jdbi.onDemand(SuppressionQueries.class);
        this.caches = caches;
        this.clock = clock;
        this.retry = retry;
        this.concurrency = concurrency;
        this.leaseTimer = metrics.timer("postject.delivery.lease");
        this.smtpTimer = metrics.timer("postject.delivery.smtp");
        this.recordTimer = metrics.timer("postject.delivery.record");
    }

    /** New work was committed on this node: stop waiting. */
    public void wake() {
        workers.wake();
    }

    @Override
    public void start() {
        beat();
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "postject-delivery-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(
                this::beatQuietly, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        workers.start(concurrency, this::work);
    }

    @Override
    public void stop() throws InterruptedException {
        workers.stop(Duration.ofSeconds(30));
        heartbeat.shutdownNow();
        jdbi.useHandle(h -> {
            h.execute("UPDATE delivery_queue SET leased_by = NULL, leased_until = NULL WHERE leased_by = ?", nodeId);
            h.execute("DELETE FROM delivery_nodes WHERE node_id = ?", nodeId);
        });
    }

    /** Says this node is alive, and hands back the leases of nodes that stopped saying so. */
    private void beat() {
        Instant now = clock.instant();
        jdbi.useHandle(h -> {
            h.execute(
                    "INSERT INTO delivery_nodes (node_id, heartbeat_at) VALUES (?, ?)"
                            + " ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at",
                    nodeId,
                    now);
            int reclaimed = h.execute(
                    "UPDATE delivery_queue SET leased_by = NULL, leased_until = NULL WHERE leased_by IN"
                            + " (SELECT node_id FROM delivery_nodes WHERE heartbeat_at < ?)",
                    now.minus(DEAD_AFTER));
            h.execute("DELETE FROM delivery_nodes WHERE heartbeat_at < ?", now.minus(DEAD_AFTER));
            if (reclaimed > 0) {
                LOG.warn("Took over {} deliveries leased by a node that stopped", reclaimed);
            }
        });
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("Delivery heartbeat failed: {}", e.getMessage());
        }
    }

    private void work() {
        try (SmtpClient.Connection connection = smtp.connection()) {
            while (workers.running()) {
                List<Lease> leases;
                try (Timer.Context timing = leaseTimer.time()) {
                    leases = lease();
                } catch (RuntimeException e) {
                    LOG.warn("Could not lease deliveries: {}", e.getMessage());
                    leases = List.of();
                }
                if (leases.isEmpty()) {
                    workers.idle();
                    continue;
                }
                for (Lease lease : leases) {
                    try {
                        deliver(lease, connection);
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "Delivery {} to {} not recorded; trying again shortly",
                                lease.emailId(),
                                lease.recipient(),
                                e);
                        releaseQuietly(lease);
                    }
                }
            }
        }
    }

    List<Lease> lease() {
        Instant now = clock.instant();
        return inTransaction(h -> relaxedCommit(h)
                .createQuery("WITH leased AS (UPDATE delivery_queue SET leased_by = :node, leased_until = :until"
                        + " WHERE id IN (SELECT id FROM delivery_queue WHERE next_attempt_at <= :now"
                        + " AND (leased_until IS NULL OR leased_until < :now)"
                        + " ORDER BY next_attempt_at LIMIT :batch FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id, email_id, account_id, recipient, attempts, queued_at)"
                        + " SELECT leased.*, c.envelope_from, coalesce(rc.mime, c.mime) AS mime,"
                        + " coalesce(e.sandbox AND NOT e.system, FALSE) AS sandbox_send FROM leased"
                        + " LEFT JOIN email_contents c USING (email_id)"
                        + " LEFT JOIN email_recipient_contents rc USING (email_id, recipient)"
                        + " LEFT JOIN rm_emails e USING (email_id)")
                .bind("node", nodeId)
                .bind("now", now)
                .bind("until", now.plus(LEASE))
                .bind("batch", BATCH)
                .map((rs, ctx) -> new Lease(
                        rs.getLong("id"),
                        rs.getString("email_id"),
                        rs.getString("account_id"),
                        rs.getString("recipient"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("queued_at").toInstant(),
                        rs.getString("envelope_from"),
                        rs.getBytes("mime"),
                        rs.getBoolean("sandbox_send")))
                .list());
    }

    /**
     * A transaction with one Jdbi handle for all of it: the projections and queries that run
     * inside (they call {@code jdbi.useHandle}) reuse it instead of each building their own.
     */
    private <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        return transactions.inTransaction(() -> jdbi.withHandle(work));
    }

    /**
     * The dispatcher's own bookkeeping (leases, outcomes) commits without waiting for the disk:
     * if the database itself crashes before flushing, the delivery is made again, which the
     * at-least-once contract allows. Accepting an email (the 202) always waits.
     */
    private static Handle relaxedCommit(Handle handle) {
        handle.execute("SET LOCAL synchronous_commit TO OFF");
        return handle;
    }

    private void deliver(Lease lease, SmtpClient.Connection connection) {
        boolean contentExists = lease.mime() != null;
        SmtpReply reply;
        try (Timer.Context timing = smtpTimer.time()) {
            reply = contentExists
                    ? connection.send(lease.envelopeFrom(), lease.recipient(), lease.mime())
                    : new SmtpReply(0, "The message content was deleted before delivery");
        }
        try (Timer.Context timing = recordTimer.time()) {
            record(lease, reply, contentExists);
        }
    }

    private void record(Lease lease, SmtpReply reply, boolean contentExists) {
        Instant now = clock.instant();
        int attempt = lease.attempts() + 1;
        Outcome outcome;
        Instant retryAt = null;
        if (reply.accepted()) {
            outcome = Outcome.DELIVERED;
        } else if (reply.permanentFailure()) {
            outcome = Outcome.BOUNCED;
        } else if (!contentExists || retry.givesUp(lease.queuedAt(), now)) {
            outcome = Outcome.FAILED;
        } else {
            outcome = Outcome.DEFERRED;
            retryAt = retry.nextAttempt(now, attempt);
        }
        EmailId emailId = new EmailId(lease.emailId());
        String response = outcome == Outcome.FAILED && contentExists
                ? "Gave up after " + attempt + " attempts; last reply: " + reply
                : reply.toString();
        Instant nextAttempt = retryAt;
        try {
            // the ledger entries of this attempt: actor system, traceable to the queue row and attempt
            RequestContext.runAs(
                    Actor.SYSTEM,
                    "dlv_" + lease.id() + "_" + attempt,
                    () -> inTransaction(h -> {
                        relaxedCommit(h);
                        commands.sendAndWait(
                                new RecordAttempt(emailId, lease.recipient(), outcome, response, attempt, nextAttempt));
                        if (outcome == Outcome.BOUNCED) {
                            suppress(lease, emailId, reply);
                        }
                        if (outcome == Outcome.DELIVERED && lease.sandboxSend()) {
                            noteSandboxDelivery(lease, emailId);
                        }
                        if (outcome == Outcome.DEFERRED) {
                            h.execute(
                                    "UPDATE delivery_queue SET attempts = ?, next_attempt_at = ?, leased_by = NULL,"
                                            + " leased_until = NULL WHERE id = ?",
                                    attempt,
                                    nextAttempt,
                                    lease.id());
                        } else {
                            dequeue(lease);
                        }
                        return null;
                    }));
        } catch (Refusal alreadyFinal) {
            // a second delivery after an expired lease: the first outcome stands
            dequeue(lease);
        }
    }

    /** The first delivered sandbox email is a production-access prerequisite: the account records it once. */
    private void noteSandboxDelivery(Lease lease, EmailId emailId) {
        boolean recorded = caches.account(lease.accountId())
                .map(AccountView::sandboxDelivery)
                .orElse(true);
        if (!recorded) {
            commands.sendAndWait(new RecordSandboxSend(new AccountId(lease.accountId()), emailId));
        }
    }

    private void suppress(Lease lease, EmailId emailId, SmtpReply reply) {
        AccountId account = new AccountId(lease.accountId());
        if (suppressions
                .suppressedAmong(account.value(), Set.of(EmailKeys.of(lease.recipient())))
                .isEmpty()) {
            commands.sendAndWait(new SuppressRecipient(account, lease.recipient(), "hard_bounce: " + reply, emailId));
        }
    }

    /** Hands a lease back for another attempt soon (the send may be repeated: at-least-once). */
    private void releaseQuietly(Lease lease) {
        try {
            jdbi.useHandle(h -> h.execute(
                    "UPDATE delivery_queue SET leased_by = NULL, leased_until = NULL, next_attempt_at = ? WHERE id = ?",
                    clock.instant().plus(RETRY_AFTER_ERROR),
                    lease.id()));
        } catch (RuntimeException e) {
            LOG.warn("Could not release lease {}; a restart or the lease expiry frees it", lease.id());
        }
    }

    private void dequeue(Lease lease) {
        jdbi.useHandle(h -> h.execute("DELETE FROM delivery_queue WHERE id = ?", lease.id()));
    }
}
