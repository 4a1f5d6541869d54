package dev.postject.service.platform.limits;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Quotas on the request path, shared by every node without a database round trip per use: each
 * node leases a chunk of a window's quota from PostgreSQL ({@link RateLimiter#lease}) and spends it
 * locally; it asks again only when its chunk is spent. A lease never grants past the quota, and a
 * leased use is spent once, so:
 *
 * <ul>
 *   <li>all nodes together allow <b>at most {@code max} uses per window</b> of a bucket, exactly;
 *   <li>a use is refused only once every use of the window is leased; at that moment other nodes
 *       may still hold unspent uses, at most {@code (nodes - 1) x chunk} of them, which expire with
 *       the window (so the cluster allows at least {@code max - (nodes - 1) x chunk} to a client
 *       who asks any node);
 *   <li>windows are fixed, so two adjacent windows can allow up to {@code 2 x max} within one
 *       window's length across their boundary; nodes' clocks are assumed synchronised (NTP).
 * </ul>
 *
 * {@code chunk} is a tenth of the quota (at least 1, at most 100): a node pays about ten round
 * trips per window and bucket at full use, and one per window when used lightly.
 */
public final class LeasedQuotas {
    private static final int MAX_CHUNK = 100;

    private final RateLimiter limiter;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong();

    public LeasedQuotas(RateLimiter limiter, Clock clock) {
        this.limiter = limiter;
        this.clock = clock;
    }

    /** What {@link #take} did: each quota's standing after it, and the quota that refused, if any. */
    public record Outcome(List<QuotaStanding> standings, Optional<QuotaStanding> refusedBy) {
        public boolean allowed() {
            return refusedBy.isEmpty();
        }
    }

    /**
     * Counts {@code uses} against every quota, or, when any of them has too few left this window,
     * against none of them.
     */
    public Outcome take(List<Quota> quotas, int uses) {
        Instant now = clock.instant();
        sweepNowAndThen(now);
        List<Window> taken = new ArrayList<>();
        QuotaStanding refused = null;
        for (Quota quota : quotas) {
            Window window = windows.computeIfAbsent(quota.bucket(), bucket -> new Window());
            Instant start = startOf(quota, now);
            if (window.take(limiter, quota, start, uses)) {
                taken.add(window);
            } else {
                refused = window.standing(quota, start, now);
                break;
            }
        }
        if (refused != null) {
            for (int i = 0; i < taken.size(); i++) {
                taken.get(i).giveBack(startOf(quotas.get(i), now), uses);
            }
        }
        return new Outcome(standings(quotas, now), Optional.ofNullable(refused));
    }

    /** Where these quotas stand on this node now, counting nothing. */
    public List<QuotaStanding> standings(List<Quota> quotas) {
        return standings(quotas, clock.instant());
    }

    private List<QuotaStanding> standings(List<Quota> quotas, Instant now) {
        List<QuotaStanding> standings = new ArrayList<>();
        for (Quota quota : quotas) {
            Window window = windows.computeIfAbsent(quota.bucket(), bucket -> new Window());
            standings.add(window.standing(quota, startOf(quota, now), now));
        }
        return standings;
    }

    /**
     * Returns {@code uses} taken this window to this node's share, as if never taken (a use taken
     * in a window that has ended is gone with it).
     */
    public void giveBack(List<Quota> quotas, int uses) {
        Instant now = clock.instant();
        for (Quota quota : quotas) {
            Window window = windows.get(quota.bucket());
            if (window != null) {
                window.giveBack(startOf(quota, now), uses);
            }
        }
    }

    static int chunk(int max) {
        return Math.max(1, Math.min(MAX_CHUNK, max / 10));
    }

    private static Instant startOf(Quota quota, Instant now) {
        long length = quota.window().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), length) * length);
    }

    /** About once a minute: forgets ended windows here and deletes a few ended ones in PostgreSQL. */
    private void sweepNowAndThen(Instant now) {
        long due = nextSweep.get();
        if (now.toEpochMilli() < due || !nextSweep.compareAndSet(due, now.toEpochMilli() + 60_000)) {
            return;
        }
        windows.values().removeIf(window -> window.endedBy(now));
        if (due != 0) {
            limiter.sweepWindows();
        }
    }

    /** This node's share of one bucket's current window. */
    private static final class Window {
        private Instant start = Instant.EPOCH;
        private Instant end = Instant.EPOCH;
        /** Leased by this node and not spent yet. */
        private int held;
        /** Leased by all nodes together, as of this node's latest lease. */
        private int leased;

        synchronized boolean take(RateLimiter limiter, Quota quota, Instant windowStart, int uses) {
            roll(quota, windowStart);
            if (held < uses && leased < quota.max()) {
                RateLimiter.Lease lease = limiter.lease(
                        quota.bucket(), start, quota.window(), quota.max(), Math.max(uses - held, chunk(quota.max())));
                held += lease.granted();
                leased = lease.taken();
            }
            if (held < uses) {
                return false;
            }
            held -= uses;
            return true;
        }

        synchronized void giveBack(Instant windowStart, int uses) {
            if (windowStart.equals(start)) {
                held += uses;
            }
        }

        synchronized QuotaStanding standing(Quota quota, Instant windowStart, Instant now) {
            roll(quota, windowStart);
            long remaining = Math.max(0, quota.max() - leased) + held;
            long reset = Math.max(1, (end.toEpochMilli() - now.toEpochMilli() + 999) / 1000);
            return new QuotaStanding(quota, remaining, reset);
        }

        synchronized boolean endedBy(Instant now) {
            return !end.isAfter(now);
        }

        private void roll(Quota quota, Instant windowStart) {
            if (!windowStart.equals(start)) {
                start = windowStart;
                end = windowStart.plus(quota.window());
                held = 0;
                leased = 0;
            }
        }
    }
}
