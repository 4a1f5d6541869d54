package dev.postject.service.delivery;

import java.time.Duration;
import java.time.Instant;

/** Exponential backoff for deferred deliveries, and when to give up. */
public record RetryPolicy(Duration initial, Duration max, Duration giveUpAfter) {

    /** When to try again after the {@code attempt}-th failed attempt (1-based). */
    public Instant nextAttempt(Instant now, int attempt) {
        Duration delay = initial;
        for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return now.plus(delay.compareTo(max) > 0 ? max : delay);
    }

    public boolean givesUp(Instant queuedAt, Instant now) {
        return !now.isBefore(queuedAt.plus(giveUpAfter));
    }
}
