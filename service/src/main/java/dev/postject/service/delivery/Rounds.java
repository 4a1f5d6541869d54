package dev.postject.service.delivery;

import com.codahale.metrics.Timer;
import dev.postject.service.platform.jobs.QueueWorkers;
import dev.postject.service.sending.DeliveryHandoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a worker's rounds come from: due rows leased from the {@link DeliveryQueue} when it may
 * hold some this node has not leased, then the deliveries acceptance handed over
 * ({@link HandedDeliveries}); and where the leases a round does not send go back to.
 */
final class Rounds {
    private static final Logger LOG = LoggerFactory.getLogger(Rounds.class);
    /** How often, at the most, a worker leases from the queue with no sign that it holds due rows. */
    static final Duration QUEUE_POLL = Duration.ofMillis(500);

    private final DeliveryQueue queue;
    private final Supplier<String> nodeId;
    private final QueueWorkers workers;
    private final Clock clock;
    private final HandedDeliveries handed;
    private final Timer leaseTimer;
    // whether the queue may hold due rows this node has not leased, and when a worker last leased from it
    private final AtomicBoolean queueDue = new AtomicBoolean(true);
    private final AtomicLong lastQueueLook = new AtomicLong(System.nanoTime());

    Rounds(
            DeliveryQueue queue,
            Supplier<String> nodeId,
            QueueWorkers workers,
            Clock clock,
            int maxHanded,
            Timer leaseTimer) {
        this.queue = queue;
        this.nodeId = nodeId;
        this.workers = workers;
        this.clock = clock;
        this.leaseTimer = leaseTimer;
        this.handed = new HandedDeliveries(nodeId, clock, maxHanded, workers::wake, this::queueHasWork);
    }

    DeliveryHandoff handoff() {
        return handed;
    }

    void start() {
        handed.start();
    }

    /** Acceptance hands nothing more over (waiting up to {@code timeout} for what it is handing). */
    void stop(Duration timeout) throws InterruptedException {
        handed.stop(timeout);
    }

    /**
     * Up to {@code batch} deliveries: due rows leased from the queue when some may be there (unleased
     * work committed, a full lease before, or the poll interval passed since any worker looked),
     * then those acceptance handed over. The queue comes first, so that handed deliveries, however
     * many, never keep retries and other nodes' rows waiting.
     */
    List<DeliveryQueue.Lease> look(int batch) {
        List<DeliveryQueue.Lease> leases = new ArrayList<>(batch);
        if (queueDue()) {
            try (Timer.Context timing = leaseTimer.time()) {
                leases.addAll(queue.lease(nodeId.get(), batch));
            } catch (RuntimeException e) {
                LOG.warn("Could not lease deliveries: {}", e.getMessage());
            }
            if (leases.size() == batch) {
                queueDue.set(true); // more may be due
            }
        }
        HandedDeliveries.Taken taken = handed.take(batch - leases.size());
        leases.addAll(taken.fresh());
        for (DeliveryQueue.Lease stale : taken.stale()) {
            release(stale, clock.instant());
        }
        return leases;
    }

    /**
     * Releases at once the leases the transport leaves for later; the others, to send now. Those
     * left for another worker now are handed over in memory, where the next worker to look takes
     * them first.
     */
    List<DeliveryQueue.Lease> handBack(List<DeliveryQueue.Lease> leases, DeliveryTransport.Sender sender) {
        List<Instant> left = sender.leave(leases.stream()
                .map(lease -> new DeliveryTransport.Message(
                        lease.emailId(), lease.recipient(), lease.envelopeFrom(), lease.mime()))
                .toList());
        List<DeliveryQueue.Lease> now = new ArrayList<>(leases.size());
        List<DeliveryQueue.Lease> others = new ArrayList<>();
        Instant dueNow = clock.instant();
        for (int i = 0; i < leases.size(); i++) {
            if (left.get(i) == null) {
                now.add(leases.get(i));
            } else if (!left.get(i).isAfter(dueNow)) {
                others.add(leases.get(i));
            } else {
                release(leases.get(i), left.get(i));
            }
        }
        handed.giveBack(others);
        return now;
    }

    /** Hands a lease back to the queue, due at {@code at} (a lease that cannot be expires in time). */
    void release(DeliveryQueue.Lease lease, Instant at) {
        try {
            queue.release(lease, at);
            if (!at.isAfter(clock.instant())) {
                queueHasWork();
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release lease {}; a restart or the lease expiry frees it", lease.id());
        }
    }

    /** Unleased rows were committed on this node: a worker leases them from the queue. */
    private void queueHasWork() {
        queueDue.set(true);
        workers.wake();
    }

    /** Whether this look leases from the queue (true for one worker per poll interval at least). */
    private boolean queueDue() {
        long now = System.nanoTime();
        long last = lastQueueLook.get();
        boolean due = queueDue.getAndSet(false)
                || (now - last >= QUEUE_POLL.toNanos() && lastQueueLook.compareAndSet(last, now));
        if (due) {
            lastQueueLook.set(now);
        }
        return due;
    }
}
