package dev.postject.service.mail.direct;

import dev.postject.service.mail.direct.Opened.Attempt;
import dev.postject.service.mail.direct.SessionPool.Kind;
import dev.postject.service.mail.direct.SessionPool.Pooled;
import dev.postject.service.mail.direct.SessionPool.Slot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Sessions to mail servers, from the {@link SessionPool} when one is idle there (checked with RSET
 * first), else opened by the {@link MxConnector} with the TLS their {@link Kind} asks for: for an
 * MTA-STS policy in {@code testing} mode, verified TLS first, and when that fails, opportunistic TLS
 * with a note of what failed.
 */
final class MxSessions {
    private final SessionPool pool;
    private final MxConnector connector;
    private final int port;
    private final String heloName;
    private final Duration maxWait;

    MxSessions(SessionPool pool, MxConnector connector, int port, String heloName, Duration maxWait) {
        this.pool = pool;
        this.connector = connector;
        this.port = port;
        this.heloName = heloName;
        this.maxWait = maxWait;
    }

    /**
     * A session to {@code host} ready for the next transaction, or null (the reasons added to
     * {@code failed}); waiting for a free place no longer than the connect timeout, nor once
     * {@code stopWaiting} says so.
     */
    Pooled session(MxRoute.MxHost host, Kind kind, BooleanSupplier stopWaiting, List<Attempt> failed) {
        while (true) {
            Slot slot = pool.acquire(host.name(), kind, maxWait, stopWaiting);
            if (slot instanceof Slot.Reused reused) {
                if (reused.pooled().session.reset()) {
                    return reused.pooled();
                }
                pool.discard(reused.pooled()); // the server dropped it while idle: open another
            } else if (slot instanceof Slot.Free free) {
                if (free.evicted() != null) {
                    free.evicted().close();
                }
                Opening opening = open(host, kind);
                failed.addAll(opening.failed());
                if (opening.session() == null) {
                    pool.abandon(free);
                    return null;
                }
                return pool.opened(free, opening.session(), kind, opening.notes());
            } else {
                failed.add(new Attempt(
                        host.name(),
                        host.addresses().get(0),
                        Opened.Problem.UNREACHABLE,
                        0,
                        ((Slot.Busy) slot).reason()));
                return null;
            }
        }
    }

    /** Back to the pool after a message (or closed, if it cannot carry another). */
    void release(Pooled pooled, Instant now) {
        pool.release(pooled, now);
    }

    /** Closes a session handed out, freeing its place in the pool. */
    void discard(Pooled pooled) {
        pool.discard(pooled);
    }

    private record Opening(MxSession session, List<Attempt> failed, List<String> notes) {}

    private Opening open(MxRoute.MxHost host, Kind kind) {
        TlsRequirement first =
                kind == Kind.OPPORTUNISTIC ? TlsRequirement.OPPORTUNISTIC : TlsRequirement.REQUIRED_VERIFIED;
        Opened opened = connector.open(host, port, heloName, first);
        if (opened instanceof Opened.Connected connected) {
            return new Opening(connected.session(), connected.failedFirst(), List.of());
        }
        List<Attempt> attempts = ((Opened.Failed) opened).attempts();
        boolean tlsFailed = attempts.stream()
                .anyMatch(a -> a.problem() == Opened.Problem.TLS || a.problem() == Opened.Problem.NO_STARTTLS);
        if (kind != Kind.TESTING || !tlsFailed) {
            return new Opening(null, attempts, List.of());
        }
        List<String> notes = List.of("MTA-STS (testing): verified TLS failed, which enforce mode would defer: "
                + attempts.stream().map(Attempt::toString).collect(Collectors.joining("; ")));
        Opened again = connector.open(host, port, heloName, TlsRequirement.OPPORTUNISTIC);
        if (again instanceof Opened.Connected connected) {
            return new Opening(connected.session(), connected.failedFirst(), notes);
        }
        return new Opening(null, ((Opened.Failed) again).attempts(), notes);
    }
}
