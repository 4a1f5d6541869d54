package dev.postject.service.mail.direct;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The open sessions to each mail server: at most {@code perHost} at once per server (idle ones
 * included), each kept for the next message until it has carried {@code perSession} messages or
 * sat unused for {@code idle}. Each server has a lock of its own, held only to count and hand out
 * sessions, never over the network, so a slow server holds up only the senders waiting for it.
 */
final class SessionPool {
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** What a session was opened to promise, so it is reused only for mail that asks the same. */
    enum Kind {
        OPPORTUNISTIC,
        /** Verified TLS, as an MTA-STS policy in {@code enforce} mode asks. */
        VERIFIED,
        /** Verified TLS tried first, as for a policy in {@code testing} mode, else opportunistic. */
        TESTING
    }

    /** A session of the pool, with what its opening found out ({@code notes}) and its use so far. */
    static final class Pooled {
        final MxSession session;
        final Kind kind;
        final List<String> notes;
        private final Server home;
        int messages;
        Instant lastUsed;

        private Pooled(Server home, MxSession session, Kind kind, List<String> notes) {
            this.home = home;
            this.session = session;
            this.kind = kind;
            this.notes = List.copyOf(notes);
        }
    }

    /** What {@link #acquire} handed out. */
    sealed interface Slot {
        /** An idle session, to be checked with RSET before use. */
        record Reused(Pooled pooled) implements Slot {}

        /** Room for a new session; {@code evicted}, if not null, is an idle session of another kind to close. */
        record Free(Server server, MxSession evicted) implements Slot {}

        /** No session became free in time, or the sender stopped waiting. */
        record Busy(String reason) implements Slot {}
    }

    /** One mail server's sessions; dropped from the map once it has none and nobody waits. */
    static final class Server {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition freed = lock.newCondition();
        private final Deque<Pooled> idle = new ArrayDeque<>();
        private int open;
        private int waiting;
        private boolean dropped;
    }

    private final int perHost;
    private final int perSession;
    private final Duration idle;
    private final Map<String, Server> hosts = new ConcurrentHashMap<>();

    SessionPool(int perHost, int perSession, Duration idle) {
        this.perHost = perHost;
        this.perSession = perSession;
        this.idle = idle;
    }

    /**
     * An idle session of {@code kind} to {@code server}, else room to open one, waiting at most
     * {@code maxWait} for either, and no longer once {@code stopWaiting} says so.
     */
    Slot acquire(String server, Kind kind, Duration maxWait, BooleanSupplier stopWaiting) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Server host = hosts.computeIfAbsent(server, s -> new Server());
        host.lock.lock();
        while (host.dropped) { // emptied and forgotten meanwhile: use the one in the map now
            host.lock.unlock();
            host = hosts.computeIfAbsent(server, s -> new Server());
            host.lock.lock();
        }
        try {
            host.waiting++;
            try {
                while (true) {
                    for (Iterator<Pooled> it = host.idle.descendingIterator(); it.hasNext(); ) {
                        Pooled pooled = it.next();
                        if (pooled.kind == kind) {
                            it.remove();
                            return new Slot.Reused(pooled);
                        }
                    }
                    if (host.open < perHost) {
                        host.open++;
                        return new Slot.Free(host, null);
                    }
                    if (!host.idle.isEmpty()) {
                        return new Slot.Free(host, host.idle.pollFirst().session); // its place goes to the new one
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || stopWaiting.getAsBoolean()) {
                        return new Slot.Busy("all " + perHost + " sessions to " + server + " stayed in use");
                    }
                    host.freed.awaitNanos(Math.min(left, WAIT_SLICE_NANOS));
                }
            } finally {
                host.waiting--;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Slot.Busy("interrupted while waiting for a session to " + server);
        } finally {
            host.lock.unlock();
        }
    }

    /** A session just opened in the place {@code free} gave. */
    Pooled opened(Slot.Free free, MxSession session, Kind kind, List<String> notes) {
        return new Pooled(free.server(), session, kind, notes);
    }

    /** After a message: kept for the next one while it is open and under its message cap, else closed. */
    void release(Pooled pooled, Instant now) {
        if (!pooled.session.isOpen() || pooled.messages >= perSession) {
            discard(pooled);
            return;
        }
        pooled.lastUsed = now;
        Server host = pooled.home;
        host.lock.lock();
        try {
            host.idle.addLast(pooled);
            host.freed.signal();
        } finally {
            host.lock.unlock();
        }
    }

    /** Closes a session handed out, freeing its place. */
    void discard(Pooled pooled) {
        pooled.session.close();
        free(pooled.home);
    }

    /** Frees the place {@code free} gave, when no session could be opened in it. */
    void abandon(Slot.Free free) {
        free(free.server());
    }

    private void free(Server host) {
        host.lock.lock();
        try {
            host.open--;
            host.freed.signal();
        } finally {
            host.lock.unlock();
        }
    }

    /** Closes the sessions unused since before {@code now} minus the idle time. */
    void closeIdle(Instant now) {
        Instant cutoff = now.minus(idle);
        closeWhere(pooled -> pooled.lastUsed.isBefore(cutoff));
    }

    /** Closes every idle session (the busy ones close when they are released). */
    void closeAll() {
        closeWhere(pooled -> true);
    }

    /** Sessions open to {@code server}, idle and in use. */
    int open(String server) {
        Server host = hosts.get(server);
        if (host == null) {
            return 0;
        }
        host.lock.lock();
        try {
            return host.open;
        } finally {
            host.lock.unlock();
        }
    }

    /** Senders waiting for a session to {@code server}. */
    int waiting(String server) {
        Server host = hosts.get(server);
        if (host == null) {
            return 0;
        }
        host.lock.lock();
        try {
            return host.waiting;
        } finally {
            host.lock.unlock();
        }
    }

    private void closeWhere(java.util.function.Predicate<Pooled> which) {
        for (Map.Entry<String, Server> entry : hosts.entrySet()) {
            Server host = entry.getValue();
            List<Pooled> closing = new ArrayList<>();
            host.lock.lock();
            try {
                host.idle.removeIf(pooled -> which.test(pooled) && closing.add(pooled));
                host.open -= closing.size();
                if (!closing.isEmpty()) {
                    host.freed.signalAll();
                }
                if (host.open == 0 && host.waiting == 0) {
                    host.dropped = true;
                    hosts.remove(entry.getKey(), host);
                }
            } finally {
                host.lock.unlock();
            }
            closing.forEach(pooled -> pooled.session.close()); // QUIT outside the lock
        }
    }
}
