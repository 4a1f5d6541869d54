package dev.postject.service.auth;

import dev.postject.service.platform.limits.LeasedQuotas;
import dev.postject.service.platform.limits.Quota;
import dev.postject.service.platform.limits.QuotaStanding;
import dev.postject.service.platform.limits.RateLimitHeaders;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.util.List;

/**
 * Rate limits on every authenticated API request: right after authentication (before scopes and
 * the body are looked at), the request counts against its caller's quotas, {@code sends} for a
 * {@link Sends} method and {@code requests} for every other; past one, 429 {@code too_many_sends}
 * or {@code too_many_requests} with {@code Retry-After}. Every answer to it, success or error,
 * carries {@code RateLimit-Policy} and {@code RateLimit} ({@link RateLimitHeaders}).
 */
public final class ApiRateLimits implements DynamicFeature {
    private static final String COUNTED = ApiRateLimits.class.getName();

    private final CallerLimits limits;

    public ApiRateLimits(CallerLimits limits) {
        this.limits = limits;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        CallerLimits.Kind kind = resource.getResourceMethod().isAnnotationPresent(Sends.class)
                ? CallerLimits.Kind.SENDS
                : CallerLimits.Kind.REQUESTS;
        context.register(new Count(limits, kind));
    }

    /**
     * Counts {@code more} further uses of the quotas this request counted against (a batch's emails
     * after its first), or, when they do not fit, throws 429 and counts none of the request's uses
     * (not even the first); the answer's headers show the new standing.
     */
    public static void countMore(ContainerRequestContext request, int more) {
        if (more > 0 && request.getProperty(COUNTED) instanceof Counted counted) {
            CallerLimits limits = counted.limits();
            limits.giveBack(counted.quotas(), 1);
            LeasedQuotas.Outcome outcome;
            try {
                CallerLimits.requireFits(counted.quotas(), more + 1);
                outcome = limits.take(counted.quotas(), more + 1);
            } catch (RuntimeException e) {
                request.setProperty(COUNTED, counted.with(limits.standings(counted.quotas())));
                throw e;
            }
            request.setProperty(COUNTED, counted.with(outcome.standings()));
            outcome.refusedBy().ifPresent(refused -> {
                throw CallerLimits.refusal(refused);
            });
        }
    }

    /**
     * Counts {@code uses} sends of a caller that the resource resolved itself (the Postmark and
     * Resend endpoints read their own credential headers, so the filter saw no caller), as the filter
     * counts an authenticated request: all of them, or 429 and none; the answer carries the headers.
     */
    public static void countSends(ContainerRequestContext request, CallerLimits limits, Caller caller, int uses) {
        count(request, limits, caller, CallerLimits.Kind.SENDS);
        countMore(request, uses - 1);
    }

    private static void count(
            ContainerRequestContext request, CallerLimits limits, Caller caller, CallerLimits.Kind kind) {
        List<Quota> quotas = limits.quotasOf(caller, kind);
        if (quotas.isEmpty()) {
            return;
        }
        LeasedQuotas.Outcome outcome = limits.take(quotas, 1);
        request.setProperty(COUNTED, new Counted(limits, quotas, outcome.standings()));
        outcome.refusedBy().ifPresent(refused -> {
            throw CallerLimits.refusal(refused);
        });
    }

    private record Counted(CallerLimits limits, List<Quota> quotas, List<QuotaStanding> standings) {
        Counted with(List<QuotaStanding> now) {
            return new Counted(limits, quotas, now);
        }
    }

    @Priority(Priorities.AUTHENTICATION + 100)
    private static final class Count implements ContainerRequestFilter, ContainerResponseFilter {
        private final CallerLimits limits;
        private final CallerLimits.Kind kind;

        Count(CallerLimits limits, CallerLimits.Kind kind) {
            this.limits = limits;
            this.kind = kind;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (request.getSecurityContext().getUserPrincipal() instanceof Caller caller) {
                count(request, limits, caller, kind);
            }
        }

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (request.getProperty(COUNTED) instanceof Counted counted) {
                response.getHeaders().putSingle(RateLimitHeaders.POLICY, RateLimitHeaders.policy(counted.standings()));
                response.getHeaders().putSingle(RateLimitHeaders.STATE, RateLimitHeaders.state(counted.standings()));
            }
        }
    }
}
