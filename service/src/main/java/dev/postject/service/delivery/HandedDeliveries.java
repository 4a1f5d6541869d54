package dev.postject.service.delivery;

import dev.postject.service.sending.DeliveryHandoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The deliveries acceptance hands this node's workers ({@link DeliveryHandoff}): their queue rows
 * leased to this node by the accepting transaction, held here from its commit until a worker
 * takes them. Bounded in deliveries (a few rounds of every worker) and in bytes of content,
 * reserved and held together; past that, acceptance leaves its rows unleased in the queue. A
 * delivery held so long that its lease is half gone is not sent from here but handed back to the
 * queue.
 */
final class HandedDeliveries implements DeliveryHandoff {
    /** How many rounds of every worker it holds at most. */
    static final int ROUNDS = 4;

    static final long MAX_BYTES = 32L << 20;

    private final Supplier<String> nodeId;
    private final Clock clock;
    private final int maxDeliveries;
    private final Runnable wakeWorker;
    private final Runnable queueDue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition settled = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<DeliveryQueue.Lease> held = new ArrayDeque<>();
    private int deliveries;
    private long bytes;
    private int open; // reservations neither handed nor cancelled
    private boolean accepting;

    /** What a worker takes: leases to send, and leases held too long, to hand back to the queue. */
    record Taken(List<DeliveryQueue.Lease> fresh, List<DeliveryQueue.Lease> stale) {}

    /**
     * @param maxDeliveries how many it holds at most ({@value #ROUNDS} rounds of every worker)
     * @param wakeWorker wakes a worker for deliveries handed over
     * @param queueDue says unleased rows were committed (a worker leases from the queue)
     */
    HandedDeliveries(Supplier<String> nodeId, Clock clock, int maxDeliveries, Runnable wakeWorker, Runnable queueDue) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.maxDeliveries = maxDeliveries;
        this.wakeWorker = wakeWorker;
        this.queueDue = queueDue;
    }

    @Override
    public Optional<Reservation> reserve(int count, long size) {
        lock.lock();
        try {
            if (!accepting || deliveries + count > maxDeliveries || bytes + size > MAX_BYTES) {
                return Optional.empty();
            }
            deliveries += count;
            bytes += size;
            open++;
            return Optional.of(new Room(count, size, clock.instant().plus(DeliveryQueue.LEASE)));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void queued() {
        queueDue.run();
    }

    /** Reservations are taken from now on. */
    void start() {
        lock.lock();
        try {
            accepting = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes no reservation from now on, and waits up to {@code timeout} for the open ones to be
     * handed over or cancelled (their rows are then leased, or gone, before the node hands its
     * leases back).
     */
    void stop(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            accepting = false;
            long nanos = timeout.toNanos();
            while (open > 0 && nanos > 0) {
                nanos = settled.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Up to {@code max} held deliveries, oldest first. */
    Taken take(int max) {
        List<DeliveryQueue.Lease> fresh = new ArrayList<>();
        List<DeliveryQueue.Lease> stale = new ArrayList<>();
        Instant halfGone = clock.instant().plus(DeliveryQueue.LEASE.dividedBy(2));
        lock.lock();
        try {
            while (fresh.size() < max && !held.isEmpty()) {
                DeliveryQueue.Lease next = held.poll();
                deliveries--;
                bytes -= size(next);
                (next.leasedUntil().isBefore(halfGone) ? stale : fresh).add(next);
            }
        } finally {
            lock.unlock();
        }
        return new Taken(fresh, stale);
    }

    /** Gives back, to be taken first, leases a worker took and left for another to send now. */
    void giveBack(List<DeliveryQueue.Lease> leases) {
        if (leases.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (int i = leases.size() - 1; i >= 0; i--) {
                held.addFirst(leases.get(i));
                deliveries++;
                bytes += size(leases.get(i));
            }
        } finally {
            lock.unlock();
        }
        wakeWorker.run();
    }

    private static long size(DeliveryQueue.Lease lease) {
        return lease.mime() == null ? 0 : lease.mime().length;
    }

    private final class Room implements Reservation {
        private final int count;
        private final long size;
        private final Instant until;
        private boolean settledOnce;

        Room(int count, long size, Instant until) {
            this.count = count;
            this.size = size;
            this.until = until;
        }

        @Override
        public String nodeId() {
            return nodeId.get();
        }

        @Override
        public Instant leasedUntil() {
            return until;
        }

        @Override
        public void hand(List<Handed> handed) {
            lock.lock();
            try {
                if (!settle()) {
                    return;
                }
                for (Handed one : handed) {
                    held.add(new DeliveryQueue.Lease(
                            one.queueId(),
                            one.emailId(),
                            one.accountId(),
                            one.recipient(),
                            0,
                            one.queuedAt(),
                            one.envelopeFrom(),
                            one.mime(),
                            until));
                    deliveries++;
                    bytes += one.mime().length;
                }
            } finally {
                lock.unlock();
            }
            if (!handed.isEmpty()) {
                wakeWorker.run();
            }
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                settle();
            } finally {
                lock.unlock();
            }
        }

        /** Frees the room reserved (what is handed is counted as held); false if it was settled already. */
        private boolean settle() {
            if (settledOnce) {
                return false;
            }
            settledOnce = true;
            deliveries -= count;
            bytes -= size;
            open--;
            settled.signalAll();
            return true;
        }
    }
}
