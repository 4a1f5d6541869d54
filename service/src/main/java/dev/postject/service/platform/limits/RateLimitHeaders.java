package dev.postject.service.platform.limits;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code RateLimit-Policy} and {@code RateLimit} fields of the IETF httpapi draft
 * (draft-ietf-httpapi-ratelimit-headers-12): structured-field lists with one item per policy, a
 * string naming it, with {@code q} (quota) and {@code w} (window, seconds), resp. {@code r}
 * (remaining) and {@code t} (seconds until the quota resets). E.g. {@code RateLimit-Policy:
 * "account-sends";q=60;w=60, "credential-sends";q=60;w=60} and {@code RateLimit:
 * "account-sends";r=42;t=17, "credential-sends";r=42;t=17}.
 */
public final class RateLimitHeaders {
    public static final String POLICY = "RateLimit-Policy";
    public static final String STATE = "RateLimit";

    private RateLimitHeaders() {}

    public static String policy(List<QuotaStanding> standings) {
        return standings.stream()
                .map(s -> "\"" + s.quota().policy() + "\";q=" + s.quota().max() + ";w="
                        + s.quota().window().toSeconds())
                .collect(Collectors.joining(", "));
    }

    public static String state(List<QuotaStanding> standings) {
        return standings.stream()
                .map(s -> "\"" + s.quota().policy() + "\";r=" + s.remaining() + ";t=" + s.resetSeconds())
                .collect(Collectors.joining(", "));
    }
}
