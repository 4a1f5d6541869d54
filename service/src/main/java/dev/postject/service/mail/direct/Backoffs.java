package dev.postject.service.mail.direct;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Destinations left alone for a while because they timed out or answered 421: the first failure
 * backs one off for {@code first}, each further failure in a row for twice as long as the one
 * before, never longer than {@code cap}; a delivery that gets through forgets its failures. Kept in
 * this node's memory: another node learns for itself, and a restart starts afresh.
 */
final class Backoffs {
    /** How long a destination is backed off, why, and how many failures in a row got it there. */
    record Backoff(Instant until, String reason, int failures) {}

    private final Duration first;
    private final Duration cap;
    private final Map<String, Backoff> byDomain = new ConcurrentHashMap<>();

    Backoffs(Duration first, Duration cap) {
        this.first = first;
        this.cap = cap;
    }

    /** The backoff of {@code domain} still running at {@code now}, if any. */
    Optional<Backoff> active(String domain, Instant now) {
        Backoff backoff = byDomain.get(domain);
        return backoff != null && now.isBefore(backoff.until()) ? Optional.of(backoff) : Optional.empty();
    }

    /** Backs {@code domain} off from {@code now}: the returned backoff says until when. */
    Backoff failed(String domain, String reason, Instant now) {
        return byDomain.compute(domain, (d, before) -> {
            if (before != null && now.isBefore(before.until())) {
                return before; // several senders saw the same failure: one backoff, not several doublings
            }
            int failures = before == null ? 1 : before.failures() + 1;
            return new Backoff(now.plus(length(failures)), reason, failures);
        });
    }

    void succeeded(String domain) {
        byDomain.remove(domain);
    }

    /** Forgets destinations whose last backoff ended more than {@code cap} ago: they start afresh. */
    void forgetOlderThan(Instant now) {
        byDomain.values().removeIf(b -> b.until().plus(cap).isBefore(now));
    }

    private Duration length(int failures) {
        Duration length = first;
        for (int i = 1; i < failures && length.compareTo(cap) < 0; i++) {
            length = length.multipliedBy(2);
        }
        return length.compareTo(cap) > 0 ? cap : length;
    }
}
