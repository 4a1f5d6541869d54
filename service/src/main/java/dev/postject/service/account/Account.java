package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyExpired;
import dev.postject.events.ApiKeyId;
import dev.postject.events.ApiKeyRevoked;
import dev.postject.service.errors.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * What must stay consistent within one account: its API keys (at most
 * {@value #MAX_ACTIVE_KEYS} active). Command handlers guard, then apply; event sourcing handlers
 * only assign.
 */
public class Account {
    public static final int MAX_ACTIVE_KEYS = 10;

    @AggregateIdentifier
    private AccountId id;

    private final Map<ApiKeyId, Key> keys = new HashMap<>();

    private record Key(Instant expiresAt, boolean revoked, boolean expired) {
        boolean activeAt(Instant now) {
            return !revoked && !expired && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    protected Account() {
        // for Axon
    }

    @CommandHandler
    public Account(OpenAccount command, Clock clock) {
        apply(new AccountOpened(
                command.accountId(), command.name(), command.ownerId(), command.ownerEmail(), clock.instant()));
    }

    @CommandHandler
    public void handle(CreateKey command, Clock clock) {
        Instant now = clock.instant();
        requireFreeKeySlot(now);
        Instant expiresAt = command.expiresInDays() == null ? null : now.plus(Duration.ofDays(command.expiresInDays()));
        apply(new ApiKeyCreated(
                id, command.keyId(), command.name(), command.keyHash(), command.hint(), now, expiresAt));
    }

    @CommandHandler
    public void handle(RevokeKey command, Clock clock) {
        Instant now = clock.instant();
        requireActiveKey(command.keyId(), now);
        apply(new ApiKeyRevoked(id, command.keyId(), now));
    }

    @CommandHandler
    public void handle(ExpireKey command, Clock clock) {
        Key key = keys.get(command.keyId());
        if (key == null) {
            throw unknownKey();
        }
        if (key.revoked() || key.expired()) {
            throw new DomainException.Conflict("api_key_inactive", "This API key is already revoked or expired.");
        }
        if (key.expiresAt() == null || clock.instant().isBefore(key.expiresAt())) {
            throw new DomainException.Conflict("api_key_not_expired", "This API key has not reached its expiry.");
        }
        apply(new ApiKeyExpired(id, command.keyId(), key.expiresAt()));
    }

    private void requireFreeKeySlot(Instant now) {
        long active = keys.values().stream().filter(k -> k.activeAt(now)).count();
        if (active >= MAX_ACTIVE_KEYS) {
            throw new DomainException.Conflict(
                    "api_key_limit_reached",
                    "An account may hold at most " + MAX_ACTIVE_KEYS + " active API keys; revoke one first.");
        }
    }

    private void requireActiveKey(ApiKeyId keyId, Instant now) {
        Key key = keys.get(keyId);
        if (key == null || !key.activeAt(now)) {
            throw unknownKey();
        }
    }

    private static DomainException unknownKey() {
        return new DomainException.NotFound("api_key_not_found", "No active API key with this id.");
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        id = event.accountId();
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
