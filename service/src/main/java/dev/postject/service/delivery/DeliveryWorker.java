package dev.postject.service.delivery;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.postject.events.Actor;
import dev.postject.events.EmailId;
import dev.postject.service.mail.SmtpReply;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.jobs.QueueWorkers;
import dev.postject.service.platform.ledger.AggregateLocks;
import dev.postject.service.platform.ledger.OneUnitOfWork;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.sending.DeliveryHandoff;
import dev.postject.service.sending.Email;
import dev.postject.service.sending.Outcome;
import dev.postject.service.sending.RecordAttempt;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued email: workers take rounds of deliveries ({@link Rounds}: due rows leased from
 * the {@link DeliveryQueue}, and those acceptance leased to this node and handed over), send them
 * through the {@link DeliveryTransport} of the delivery mode (each worker over its own reused
 * connection to a relay), and record the outcomes of each round ({@link Outcomes}) and their queue
 * changes in one transaction. What follows from an outcome for other aggregates (a bounce
 * suppresses the address, a first sandbox delivery counts towards production access) is the
 * automation's, in that same transaction. Leases of a node that stopped are handed back by the
 * {@link DeliveryNodes}.
 */
public final class DeliveryWorker implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(30);

    private final DeliveryQueue queue;
    private final Transactions transactions;
    private final DeliveryNodes nodes;
    private final CommandGateway commands;
    private final DeliveryTransport transport;
    private final Clock clock;
    private final RetryPolicy retry;
    private final int concurrency;
    // a look takes every due delivery up to the transport's batch, and a full batch looks again at once
    private final QueueWorkers workers = new QueueWorkers("postject-smtp", Rounds.QUEUE_POLL, true);
    private final Rounds rounds;
    private final Timer smtpTimer;
    private final Timer recordTimer;

    public DeliveryWorker(
            Jdbi jdbi,
            Transactions transactions,
            CommandGateway commands,
            DeliveryTransport transport,
            Clock clock,
            RetryPolicy retry,
            int concurrency,
            MetricRegistry metrics) {
        this.queue = new DeliveryQueue(jdbi, transactions, clock);
        this.transactions = transactions;
        this.nodes = new DeliveryNodes(jdbi, clock);
        this.commands = commands;
        this.transport = transport;
        this.clock = clock;
        this.retry = retry;
        this.concurrency = concurrency;
        this.smtpTimer = metrics.timer("postject.delivery.smtp");
        this.recordTimer = metrics.timer("postject.delivery.record");
        this.rounds = new Rounds(
                queue,
                nodes::nodeId,
                workers,
                clock,
                HandedDeliveries.ROUNDS * concurrency * transport.leaseBatch(),
                metrics.timer("postject.delivery.lease"));
    }

    /** Where acceptance hands this node's workers the deliveries it leased to them. */
    public DeliveryHandoff handoff() {
        return rounds.handoff();
    }

    @Override
    public void start() {
        nodes.start();
        rounds.start();
        workers.start(concurrency, this::work);
    }

    @Override
    public void stop() throws InterruptedException {
        rounds.stop(Duration.ofSeconds(5));
        workers.stop(Duration.ofSeconds(30));
        nodes.stop();
    }

    private void work() {
        try (DeliveryTransport.Sender sender = transport.sender()) {
            while (workers.running()) {
                workers.looking();
                List<DeliveryQueue.Lease> leases = rounds.look(transport.leaseBatch());
                if (leases.isEmpty()) {
                    workers.idle();
                    continue;
                }
                int leased = leases.size();
                leases = rounds.handBack(leases, sender);
                List<DeliveryTransport.Attempt> attempts = send(leases, sender);
                Iterator<DeliveryTransport.Attempt> sent = attempts.iterator();
                List<Decided> decided = new ArrayList<>(leases.size());
                for (DeliveryQueue.Lease lease : leases) {
                    try {
                        decide(lease, lease.mime() == null || attempts.isEmpty() ? null : sent.next())
                                .ifPresent(decided::add);
                    } catch (RuntimeException e) {
                        notRecorded(lease, e);
                    }
                }
                recordAll(decided);
                if (leased < transport.leaseBatch()) {
                    // nothing else was due (what was handed back is due now: lease again at once): wait for the next
                    // wake-up rather than lease nothing
                    workers.idle();
                }
            }
        }
    }

    /** Sends the leases that have content; empty when the transport failed (each is released). */
    private List<DeliveryTransport.Attempt> send(List<DeliveryQueue.Lease> leases, DeliveryTransport.Sender sender) {
        List<DeliveryTransport.Message> messages = leases.stream()
                .filter(lease -> lease.mime() != null)
                .map(lease -> new DeliveryTransport.Message(
                        lease.emailId(), lease.recipient(), lease.envelopeFrom(), lease.mime()))
                .toList();
        if (messages.isEmpty()) {
            return List.of();
        }
        try (Timer.Context timing = smtpTimer.time()) {
            return sender.send(messages);
        } catch (RuntimeException e) {
            LOG.warn("The delivery transport failed; {} deliveries are tried again shortly", messages.size(), e);
            return List.of();
        }
    }

    /** A lease and what its attempt comes to, to be recorded. */
    private record Decided(DeliveryQueue.Lease lease, Outcomes.Decision decision) {}

    /**
     * What the attempt comes to, or nothing when there is nothing to record (the lease is handed
     * back: the transport failed, or held the message). {@code attempt} null: the content was
     * deleted (or, with content, the transport failed).
     */
    private Optional<Decided> decide(DeliveryQueue.Lease lease, DeliveryTransport.Attempt attempt) {
        boolean contentExists = lease.mime() != null;
        if (contentExists && attempt == null) {
            rounds.release(lease, clock.instant().plus(RETRY_AFTER_ERROR));
            return Optional.empty();
        }
        if (attempt != null && attempt.held()) {
            queue.release(lease, attempt.notBefore());
            return Optional.empty();
        }
        SmtpReply reply =
                contentExists ? attempt.reply() : new SmtpReply(0, "The message content was deleted before delivery");
        Outcomes.Decision decision =
                Outcomes.decide(reply, contentExists, lease.attempts(), lease.queuedAt(), clock.instant(), retry);
        return Optional.of(
                new Decided(lease, Transports.notBefore(decision, attempt == null ? null : attempt.notBefore())));
    }

    /**
     * Records the outcomes of one round together: one transaction (one commit) for all of them. If
     * that fails (one was recorded already, after an expired lease; an aggregate was behind the
     * ledger; the database), nothing of it stands, and each is recorded on its own.
     */
    private void recordAll(List<Decided> decided) {
        if (decided.isEmpty()) {
            return;
        }
        try (Timer.Context timing = recordTimer.time()) {
            if (decided.size() > 1) {
                // an email is locked from its first outcome in the transaction to the commit: taken
                // in the order of the email ids, as every round takes them, two rounds that share
                // emails wait for each other rather than deadlock
                decided.sort(Comparator.comparing(one -> one.lease().emailId()));
                try {
                    recordTogether(decided);
                    return;
                } catch (RuntimeException e) {
                    LOG.debug("Recording {} outcomes together failed; recording each on its own", decided.size(), e);
                }
            }
            for (Decided one : decided) {
                try {
                    record(one);
                } catch (RuntimeException e) {
                    notRecorded(one.lease(), e);
                }
            }
        }
    }

    /** The outcomes in one transaction, with one {@code DELETE} for the rows whose outcome is final. */
    private void recordTogether(List<Decided> decided) {
        queue.inTransaction(() -> {
            if (decided.size() > 1) { // their emails' locks in one statement, in the round's order
                AggregateLocks.lockAll(
                        transactions,
                        decided.stream()
                                .map(one -> one.lease().emailId())
                                .distinct()
                                .toList());
            }
            List<DeliveryQueue.Lease> done = new ArrayList<>(decided.size());
            // one unit of work: the round's events appended together, each projection handed them together
            OneUnitOfWork.run(() -> {
                for (Decided one : decided) {
                    if (recordAttempt(one)) {
                        done.add(one.lease());
                    }
                }
            });
            queue.dequeue(done);
            return null;
        });
    }

    /** One outcome in its own transaction. */
    private void record(Decided one) {
        try {
            recordTogether(List.of(one));
        } catch (Refusal refused) {
            if (!refused.code().equals(Email.RECIPIENT_NOT_PENDING)) {
                throw refused;
            }
            // a second delivery after an expired lease: the first outcome stands
            queue.dequeue(List.of(one.lease()));
        }
    }

    /**
     * In the open transaction: the attempt in the ledger (actor system, traceable to the queue row
     * and attempt), and a deferral's next attempt scheduled; true when the outcome is final (the
     * row is to be dequeued).
     */
    private boolean recordAttempt(Decided one) {
        DeliveryQueue.Lease lease = one.lease();
        Outcomes.Decision decision = one.decision();
        RequestContext.runAs(Actor.SYSTEM, "dlv_" + lease.id() + "_" + decision.attempt(), () -> {
            commands.sendAndWait(new RecordAttempt(
                    new EmailId(lease.emailId()),
                    lease.recipient(),
                    decision.outcome(),
                    decision.response(),
                    decision.attempt(),
                    decision.retryAt(),
                    decision.bounce(),
                    decision.bounceStatus()));
            return null;
        });
        if (decision.outcome() == Outcome.DEFERRED) {
            queue.reschedule(lease, decision.attempt(), decision.retryAt());
            return false;
        }
        return true;
    }

    private void notRecorded(DeliveryQueue.Lease lease, RuntimeException e) {
        LOG.warn("Delivery {} to {} not recorded; trying again shortly", lease.emailId(), lease.recipient(), e);
        rounds.release(lease, clock.instant().plus(RETRY_AFTER_ERROR));
    }
}
