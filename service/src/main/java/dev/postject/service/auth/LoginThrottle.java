package dev.postject.service.auth;

import dev.postject.service.errors.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * At most {@value #MAX_FAILURES} failed logins per email in {@link #WINDOW}; kept in PostgreSQL so
 * every node counts the same attempts. A success clears the count.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Jdbi jdbi;
    private final Clock clock;

    LoginThrottle(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    void requireAllowed(String email) {
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        Optional<Instant> oldest =
                jdbi.withHandle(h -> h.createQuery("SELECT min(failed_at) FROM (SELECT failed_at FROM login_failures"
                                + " WHERE email = :email AND failed_at > :since ORDER BY failed_at DESC LIMIT :max) recent"
                                + " HAVING count(*) >= :max")
                        .bind("email", email)
                        .bind("since", since)
                        .bind("max", MAX_FAILURES)
                        .mapTo(Instant.class)
                        .findOne());
        if (oldest.isPresent()) {
            long retryAfter =
                    Math.max(1, Duration.between(now, oldest.get().plus(WINDOW)).toSeconds() + 1);
            throw new DomainException.RateLimited(
                    "too_many_login_attempts", "Too many failed logins for this email; try again later.", retryAfter);
        }
    }

    void recordFailure(String email) {
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            h.execute("DELETE FROM login_failures WHERE email = ? AND failed_at <= ?", email, now.minus(WINDOW));
            h.execute("INSERT INTO login_failures (email, failed_at) VALUES (?, ?)", email, now);
        });
    }

    void clear(String email) {
        jdbi.useHandle(h -> h.execute("DELETE FROM login_failures WHERE email = ?", email));
    }
}
