package dev.postject.service.platform.limits;

import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Sliding-window rate limits kept in PostgreSQL ({@code rate_limit_hits}), so every node counts the
 * same uses. Counting a use and checking its limits is one atomic step: the buckets are locked
 * (transaction-scoped advisory locks, taken in one fixed order) while they are counted and the use
 * is recorded, so concurrent requests cannot all slip under a limit.
 *
 * <p>For limits on the request path (API and SMTP sends and requests, where a round trip per
 * request is too dear) it also keeps fixed-window counters ({@code rate_limit_windows}) from which
 * each node {@link #lease leases} chunks of a window's quota: see {@link LeasedQuotas}.
 */
public final class RateLimiter {
    /** The advisory lock space of rate-limit buckets (two-key form: apart from every one-key lock). */
    private static final int LOCK_SPACE = 0x726c6d74; // "rlmt"

    private static final int SWEEP_BATCH = 100;

    /** Ended windows deleted per sweep (each node sweeps about once a minute): one row per bucket and minute. */
    private static final int WINDOW_SWEEP_BATCH = 10_000;

    private final Transactions transactions;
    private final Jdbi jdbi;
    private final Clock clock;

    public RateLimiter(Transactions transactions, Jdbi jdbi, Clock clock) {
        this.transactions = transactions;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Counts one use of each bucket, or, when any limit is reached, counts nothing and throws the
     * 429 of the limit that frees up last. Joins the transaction open on this thread: when it rolls
     * back, the use was never counted.
     */
    public void take(List<Limit> limits) {
        Optional<Refusal.RateLimited> refused = tryTake(limits);
        if (refused.isPresent()) {
            throw refused.get();
        }
    }

    /**
     * As {@link #take}, but a limit reached is answered (the 429 {@link #take} would throw), not
     * thrown, and leaves the open transaction as it was: for work that goes on without the use.
     */
    public Optional<Refusal.RateLimited> tryTake(List<Limit> limits) {
        if (limits.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Map<String, Duration> longestWindow = new LinkedHashMap<>();
        for (Limit limit : limits) {
            longestWindow.merge(limit.bucket(), limit.window(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        return transactions.inTransaction(() -> jdbi.withHandle(h -> {
            lock(h, List.copyOf(longestWindow.keySet()));
            Optional<Reached> refusal = limits.stream()
                    .map(limit -> refusal(h, limit, now))
                    .flatMap(Optional::stream)
                    .max(Comparator.comparing(Reached::freesAt));
            if (refusal.isPresent()) {
                Limit limit = refusal.get().limit();
                long seconds = Math.max(
                        1, Duration.between(now, refusal.get().freesAt()).toSeconds() + 1);
                return Optional.of(new Refusal.RateLimited(limit.code(), limit.message(), seconds));
            }
            longestWindow.forEach((bucket, window) -> h.createUpdate(
                            "INSERT INTO rate_limit_hits (bucket, hit_at, expires_at) VALUES (:bucket, :now, :expires)")
                    .bind("bucket", bucket)
                    .bind("now", now)
                    .bind("expires", now.plus(window))
                    .execute());
            sweep(h, now);
            return Optional.<Refusal.RateLimited>empty();
        }));
    }

    /** Forgets every use of {@code bucket} (a successful login clears its failures). */
    public void clear(String bucket) {
        transactions.inTransaction(
                () -> jdbi.withHandle(h -> h.execute("DELETE FROM rate_limit_hits WHERE bucket = ?", bucket)));
    }

    /**
     * What one lease got: {@code granted} uses (0 to the asked number, never past the limit), and
     * {@code taken}, how many of the window's uses all nodes together hold now.
     */
    public record Lease(int granted, int taken) {}

    /**
     * Leases up to {@code wanted} uses of {@code bucket}'s window starting at {@code windowStart},
     * of which all nodes together may take at most {@code max}: one statement, atomic under
     * concurrency (the row lock serialises leases of one window), committed at once.
     */
    public Lease lease(String bucket, Instant windowStart, Duration window, int max, int wanted) {
        return transactions.inTransaction(() -> jdbi.withHandle(h -> h.createQuery("INSERT INTO rate_limit_windows AS w"
                        + " (bucket, window_start, granted, last_grant, expires_at)"
                        + " VALUES (:bucket, :start, LEAST(:wanted, :max), LEAST(:wanted, :max), :expires)"
                        + " ON CONFLICT (bucket, window_start) DO UPDATE"
                        + " SET granted = w.granted + LEAST(:wanted, :max - w.granted),"
                        + " last_grant = LEAST(:wanted, :max - w.granted)"
                        + " WHERE w.granted < :max"
                        + " RETURNING granted, last_grant")
                .bind("bucket", bucket)
                .bind("start", windowStart)
                .bind("wanted", wanted)
                .bind("max", max)
                .bind("expires", windowStart.plus(window))
                .map((rs, ctx) -> new Lease(rs.getInt("last_grant"), rs.getInt("granted")))
                .findOne()
                .orElse(new Lease(0, max))));
    }

    private record Reached(Limit limit, Instant freesAt) {}

    /** When the limit is reached: the instant its oldest counted use leaves the window. */
    private static Optional<Reached> refusal(Handle h, Limit limit, Instant now) {
        return h.createQuery("SELECT hit_at FROM rate_limit_hits WHERE bucket = :bucket AND hit_at > :since"
                        + " ORDER BY hit_at DESC OFFSET :skip LIMIT 1")
                .bind("bucket", limit.bucket())
                .bind("since", now.minus(limit.window()))
                .bind("skip", limit.max() - 1)
                .mapTo(Instant.class)
                .findOne()
                .map(oldest -> new Reached(limit, oldest.plus(limit.window())));
    }

    /** Locks the buckets until the transaction ends, in the order of their lock keys (no deadlocks). */
    private static void lock(Handle h, List<String> buckets) {
        h.createQuery("SELECT pg_advisory_xact_lock(:space, k)::text"
                        + " FROM (SELECT DISTINCT hashtext(b) AS k FROM unnest(:buckets) AS b) AS keys ORDER BY k")
                .bind("space", LOCK_SPACE)
                .bindArray("buckets", String.class, buckets.toArray(String[]::new))
                .mapTo(String.class)
                .list();
    }

    /** Deletes a few expired uses; rows another transaction is already deleting are skipped. */
    private static void sweep(Handle h, Instant now) {
        h.createUpdate("DELETE FROM rate_limit_hits WHERE ctid = ANY (ARRAY(SELECT ctid FROM rate_limit_hits"
                        + " WHERE expires_at <= :now LIMIT :batch FOR UPDATE SKIP LOCKED))")
                .bind("now", now)
                .bind("batch", SWEEP_BATCH)
                .execute();
    }

    /** Deletes windows that have ended (up to a batch); rows another transaction is deleting are skipped. */
    public void sweepWindows() {
        Instant now = clock.instant();
        transactions.inTransaction(() -> jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM rate_limit_windows WHERE ctid = ANY (ARRAY(SELECT ctid FROM rate_limit_windows"
                                + " WHERE expires_at <= :now LIMIT :batch FOR UPDATE SKIP LOCKED))")
                .bind("now", now)
                .bind("batch", WINDOW_SWEEP_BATCH)
                .execute()));
    }
}
