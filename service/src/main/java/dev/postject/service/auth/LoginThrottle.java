package dev.postject.service.auth;

import dev.postject.service.platform.limits.Limit;
import dev.postject.service.platform.limits.RateLimiter;
import java.time.Duration;
import java.util.List;

/**
 * At most {@value #MAX_FAILURES} failed logins per email in {@link #WINDOW}, counted by every node
 * alike. An attempt is counted before its password is checked, in one atomic step with the check
 * of the limit, so parallel guesses cannot all get in under it; a success clears the count.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final RateLimiter limiter;

    LoginThrottle(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** Counts an attempt as failed until {@link #succeeded} says otherwise; 429 once the limit is reached. */
    void countAttempt(String email) {
        limiter.take(List.of(new Limit(
                bucket(email),
                MAX_FAILURES,
                WINDOW,
                "too_many_login_attempts",
                "Too many failed logins for this email; try again later.")));
    }

    void succeeded(String email) {
        limiter.clear(bucket(email));
    }

    private static String bucket(String email) {
        return "login:" + email;
    }
}
