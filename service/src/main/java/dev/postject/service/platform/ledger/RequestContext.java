package dev.postject.service.platform.ledger;

import dev.postject.events.Actor;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Who is acting, and in which request, on the current thread. Set by the HTTP filters (and by
 * background jobs for the system actor); every command dispatched meanwhile carries it into the
 * metadata of the events it causes.
 */
public final class RequestContext {
    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    private final String requestId;
    private final String clientIp;
    private volatile Actor actor;

    private RequestContext(String requestId, String clientIp, Actor actor) {
        this.requestId = requestId;
        this.clientIp = clientIp;
        this.actor = actor;
    }

    public static void begin(String requestId, String clientIp) {
        CURRENT.set(new RequestContext(requestId, clientIp, null));
    }

    public static void end() {
        CURRENT.remove();
    }

    /** Records the authenticated actor of the current request. */
    public static void authenticatedAs(Actor actor) {
        RequestContext context = CURRENT.get();
        if (context != null) {
            context.actor = actor;
        }
    }

    /** Runs {@code work} as {@code actor} outside any HTTP request (jobs, CLI). */
    public static <T> T runAs(Actor actor, String requestId, Supplier<T> work) {
        return runAs(actor, requestId, null, work);
    }

    /** Runs {@code work} as {@code actor} for a client at {@code clientIp} (e.g. an SMTP session's). */
    public static <T> T runAs(Actor actor, String requestId, String clientIp, Supplier<T> work) {
        return within(new RequestContext(requestId, clientIp, actor), work);
    }

    /** Runs {@code work} in {@code context} (none if null), then puts back the thread's own. */
    private static <T> T within(RequestContext context, Supplier<T> work) {
        RequestContext previous = CURRENT.get();
        if (context == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(context);
        }
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * {@code work} as it would run here, to be run on another thread: with this thread's actor,
     * request id and client address (none if this thread has none).
     */
    public static <T> Supplier<T> carried(Supplier<T> work) {
        RequestContext context = CURRENT.get();
        return () -> within(context, work);
    }

    public static String currentRequestId() {
        RequestContext context = CURRENT.get();
        return context == null ? null : context.requestId;
    }

    /** The client address of the current request (HTTP or SMTP); null outside one. */
    public static String currentClientIp() {
        RequestContext context = CURRENT.get();
        return context == null ? null : context.clientIp;
    }

    /** The metadata for a command dispatched now; the system actor when nobody else is known. */
    static Map<String, Object> metadata() {
        RequestContext context = CURRENT.get();
        Actor actor = context == null || context.actor == null ? Actor.SYSTEM : context.actor;
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(Actor.TYPE_KEY, actor.type().wireName());
        metadata.put(Actor.ID_KEY, actor.id());
        if (context != null && context.requestId != null) {
            metadata.put(Actor.REQUEST_ID_KEY, context.requestId);
        }
        if (context != null && context.clientIp != null) {
            metadata.put(Actor.CLIENT_IP_KEY, context.clientIp);
        }
        return metadata;
    }
}
