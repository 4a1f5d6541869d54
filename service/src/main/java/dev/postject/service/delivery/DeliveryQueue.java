package dev.postject.service.delivery;

import dev.postject.service.platform.db.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The rows of {@code delivery_queue}: one per recipient of an accepted email, leased by a node
 * ({@code FOR UPDATE SKIP LOCKED}, so several nodes share the queue), then rescheduled after a
 * deferral or dequeued once the recipient's outcome is final. Acceptance inserts the rows.
 */
final class DeliveryQueue {
    /** How long a lease keeps other nodes off a row whose node is alive. */
    static final Duration LEASE = Duration.ofMinutes(30);

    private final Jdbi jdbi;
    private final Transactions transactions;
    private final Clock clock;

    /**
     * A leased delivery with its content ({@code mime} is null when the content was deleted), leased
     * to this node until {@code leasedUntil}.
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
            Instant leasedUntil) {}

    DeliveryQueue(Jdbi jdbi, Transactions transactions, Clock clock) {
        this.jdbi = jdbi;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Leases up to {@code batch} due rows for {@code nodeId}, with the content to send. */
    List<Lease> lease(String nodeId, int batch) {
        Instant now = clock.instant();
        Instant until = now.plus(LEASE);
        return inTransaction(() -> jdbi.withHandle(h -> h.createQuery(
                        "WITH leased AS (UPDATE delivery_queue SET leased_by = :node, leased_until = :until"
                                + " WHERE id IN (SELECT id FROM delivery_queue WHERE next_attempt_at <= :now"
                                + " AND (leased_until IS NULL OR leased_until < :now)"
                                + " ORDER BY next_attempt_at LIMIT :batch FOR UPDATE SKIP LOCKED)"
                                + " RETURNING id, email_id, account_id, recipient, attempts, queued_at)"
                                + " SELECT leased.*, c.envelope_from, coalesce(rc.mime, c.mime) AS mime FROM leased"
                                + " LEFT JOIN email_contents c USING (email_id)"
                                + " LEFT JOIN email_recipient_contents rc USING (email_id, recipient)")
                .bind("node", nodeId)
                .bind("now", now)
                .bind("until", until)
                .bind("batch", batch)
                .map((rs, ctx) -> new Lease(
                        rs.getLong("id"),
                        rs.getString("email_id"),
                        rs.getString("account_id"),
                        rs.getString("recipient"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("queued_at").toInstant(),
                        rs.getString("envelope_from"),
                        rs.getBytes("mime"),
                        until))
                .list()));
    }

    /**
     * Runs {@code work} in a transaction that commits without waiting for the disk: the
     * dispatcher's own bookkeeping (leases, outcomes). If the database itself crashes before
     * flushing, the delivery is made again, which the at-least-once contract allows. Accepting an
     * email (the 202) always waits.
     */
    <T> T inTransaction(Supplier<T> work) {
        // one Jdbi handle for all of it: the projections and queries inside reuse it
        return transactions.inTransaction(() -> jdbi.withHandle(h -> {
            relaxedCommit(h);
            return work.get();
        }));
    }

    /** After a deferral: the next attempt is due at {@code nextAttempt}; the lease ends. */
    void reschedule(Lease lease, int attempts, Instant nextAttempt) {
        jdbi.useHandle(h -> h.execute(
                "UPDATE delivery_queue SET attempts = ?, next_attempt_at = ?, leased_by = NULL,"
                        + " leased_until = NULL WHERE id = ?",
                attempts,
                nextAttempt,
                lease.id()));
    }

    /** These recipients' outcomes are final. */
    void dequeue(List<Lease> leases) {
        if (leases.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM delivery_queue WHERE id = ANY(:ids)")
                .bindArray("ids", Long.class, leases.stream().map(Lease::id).toArray(Long[]::new))
                .execute());
    }

    /** Hands a lease back for another attempt at {@code at} (the send may be repeated: at-least-once). */
    void release(Lease lease, Instant at) {
        jdbi.useHandle(h -> h.execute(
                "UPDATE delivery_queue SET leased_by = NULL, leased_until = NULL, next_attempt_at = ? WHERE id = ?",
                at,
                lease.id()));
    }

    private static Handle relaxedCommit(Handle handle) {
        handle.execute("SET LOCAL synchronous_commit TO OFF");
        return handle;
    }
}
