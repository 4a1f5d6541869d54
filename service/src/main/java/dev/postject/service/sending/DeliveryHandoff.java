package dev.postject.service.sending;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * This node's delivery workers, as acceptance sees them. An accepted email's queue rows are leased
 * to this node in the accepting transaction when the workers have room ({@link #reserve}), and
 * handed to them in memory once it commits: no worker leases them from the queue. Without room
 * the rows wait unleased, for any node's workers ({@link #queued}). The rows are the record either
 * way: a node that stops hands its leases back, and one that crashes has them taken over.
 */
public interface DeliveryHandoff {
    /**
     * Room for {@code deliveries} of {@code bytes} of content in all, held until handed over or
     * cancelled; empty when the workers hold enough already (or are stopping).
     */
    Optional<Reservation> reserve(int deliveries, long bytes);

    /** Unleased rows were committed: a worker leases them. */
    void queued();

    /** Room taken for one accepting transaction. */
    interface Reservation {
        /** Who the rows are leased to. */
        String nodeId();

        /** Until when the rows are leased. */
        Instant leasedUntil();

        /** The transaction committed: these deliveries (the rows it inserted) are the workers'. */
        void hand(List<Handed> deliveries);

        /** The transaction rolled back: nothing to hand, the room is free again. */
        void cancel();
    }

    /** One committed queue row and the content to send. */
    record Handed(
            long queueId,
            String emailId,
            String accountId,
            String recipient,
            Instant queuedAt,
            String envelopeFrom,
            byte[] mime) {}
}
