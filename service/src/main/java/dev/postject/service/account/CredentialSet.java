package dev.postject.service.account;

import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The rules an account's credentials of one kind share (its API keys, its server tokens): at
 * most {@link #MAX_ACTIVE} work at any instant, one past its expiry stops working at that instant
 * (whether or not the ledger records the expiry yet), and a revoked or expired one stays known, so
 * that it is refused rather than forgotten. Its refusals carry the kind's codes ({@code
 * <kind>_limit_reached}, {@code <kind>_not_found}, {@code <kind>_inactive}, {@code
 * <kind>_not_expired}). Guards only; the entity that holds it applies the events.
 */
final class CredentialSet<I> {
    static final int MAX_ACTIVE = 10;

    private final String code;
    private final String noun;
    private final Map<I, State> credentials = new HashMap<>();

    private record State(Instant expiresAt, boolean revoked, boolean expired) {
        boolean activeAt(Instant now) {
            return !revoked && !expired && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    /** {@code code}: the kind in error codes ({@code api_key}); {@code noun}: in messages ({@code API key}). */
    CredentialSet(String code, String noun) {
        this.code = code;
        this.noun = noun;
    }

    /** Before issuing one more: fewer than {@link #MAX_ACTIVE} may work now. */
    void requireFreeSlot(Instant now) {
        long active = credentials.values().stream().filter(c -> c.activeAt(now)).count();
        if (active >= MAX_ACTIVE) {
            throw new Refusal.Conflict(
                    code + "_limit_reached",
                    "An account may hold at most " + MAX_ACTIVE + " active " + noun + "s; revoke one first.");
        }
    }

    /** Before a revocation: the credential exists and works now. */
    void requireActive(I id, Instant now) {
        State state = credentials.get(id);
        if (state == null || !state.activeAt(now)) {
            throw notFound();
        }
    }

    /** Before recording an expiry: the credential exists, is neither revoked nor expired, and its expiry has come. */
    Instant requireDueForExpiry(I id, Clock clock) {
        State state = credentials.get(id);
        if (state == null) {
            throw notFound();
        }
        if (state.revoked() || state.expired()) {
            throw new Refusal.Conflict(code + "_inactive", "This " + noun + " is already revoked or expired.");
        }
        if (state.expiresAt() == null || clock.instant().isBefore(state.expiresAt())) {
            throw new Refusal.Conflict(code + "_not_expired", "This " + noun + " has not reached its expiry.");
        }
        return state.expiresAt();
    }

    void issued(I id, Instant expiresAt) {
        credentials.put(id, new State(expiresAt, false, false));
    }

    void revoked(I id) {
        credentials.computeIfPresent(id, (k, state) -> new State(state.expiresAt(), true, state.expired()));
    }

    void expired(I id) {
        credentials.computeIfPresent(id, (k, state) -> new State(state.expiresAt(), state.revoked(), true));
    }

    private Refusal notFound() {
        return new Refusal.NotFound(code + "_not_found", "No active " + noun + " with this id.");
    }
}
