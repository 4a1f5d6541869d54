package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyExpired;
import dev.postject.events.ApiKeyId;
import dev.postject.events.ApiKeyRevoked;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/** The account's API keys: at most {@value #MAX_ACTIVE_KEYS} active at any instant. */
final class Keys {
    static final int MAX_ACTIVE_KEYS = 10;

    private final Map<ApiKeyId, Key> keys = new HashMap<>();

    private record Key(Instant expiresAt, boolean revoked, boolean expired) {
        boolean activeAt(Instant now) {
            return !revoked && !expired && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    @CommandHandler
    void handle(CreateKey command, Clock clock) {
        Instant now = clock.instant();
        requireFreeKeySlot(now);
        Instant expiresAt = command.expiresInDays() == null ? null : now.plus(Duration.ofDays(command.expiresInDays()));
        apply(new ApiKeyCreated(
                command.accountId(),
                command.keyId(),
                command.name(),
                command.keyHash(),
                command.hint(),
                now,
                expiresAt));
    }

    @CommandHandler
    void handle(RevokeKey command, Clock clock) {
        Instant now = clock.instant();
        Key key = keys.get(command.keyId());
        if (key == null || !key.activeAt(now)) {
            throw unknownKey();
        }
        apply(new ApiKeyRevoked(command.accountId(), command.keyId(), now));
    }

    @CommandHandler
    void handle(ExpireKey command, Clock clock) {
        Key key = keys.get(command.keyId());
        if (key == null) {
            throw unknownKey();
        }
        if (key.revoked() || key.expired()) {
            throw new Refusal.Conflict("api_key_inactive", "This API key is already revoked or expired.");
        }
        if (key.expiresAt() == null || clock.instant().isBefore(key.expiresAt())) {
            throw new Refusal.Conflict("api_key_not_expired", "This API key has not reached its expiry.");
        }
        apply(new ApiKeyExpired(command.accountId(), command.keyId(), key.expiresAt()));
    }

    private void requireFreeKeySlot(Instant now) {
        long active = keys.values().stream().filter(k -> k.activeAt(now)).count();
        if (active >= MAX_ACTIVE_KEYS) {
            throw new Refusal.Conflict(
                    "api_key_limit_reached",
                    "An account may hold at most " + MAX_ACTIVE_KEYS + " active API keys; revoke one first.");
        }
    }

    private static Refusal unknownKey() {
        return new Refusal.NotFound("api_key_not_found", "No active API key with this id.");
    }

    @EventSourcingHandler
    void on(ApiKeyCreated event) {
        keys.put(event.keyId(), new Key(event.expiresAt(), false, false));
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        keys.computeIfPresent(event.keyId(), (keyId, key) -> new Key(key.expiresAt(), true, key.expired()));
    }

    @EventSourcingHandler
    void on(ApiKeyExpired event) {
        keys.computeIfPresent(event.keyId(), (keyId, key) -> new Key(key.expiresAt(), key.revoked(), true));
    }
}
