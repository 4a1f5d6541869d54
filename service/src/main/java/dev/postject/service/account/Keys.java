package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyExpired;
import dev.postject.events.ApiKeyId;
import dev.postject.events.ApiKeyRevoked;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/** The account's API keys: at most {@value CredentialSet#MAX_ACTIVE} active at any instant. */
final class Keys {
    private final CredentialSet<ApiKeyId> keys = new CredentialSet<>("api_key", "API key");

    @CommandHandler
    void handle(CreateKey command, Clock clock) {
        Instant now = clock.instant();
        keys.requireFreeSlot(now);
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
        keys.requireActive(command.keyId(), now);
        apply(new ApiKeyRevoked(command.accountId(), command.keyId(), now));
    }

    @CommandHandler
    void handle(ExpireKey command, Clock clock) {
        Instant expiresAt = keys.requireDueForExpiry(command.keyId(), clock);
        apply(new ApiKeyExpired(command.accountId(), command.keyId(), expiresAt));
    }

    @EventSourcingHandler
    void on(ApiKeyCreated event) {
        keys.issued(event.keyId(), event.expiresAt());
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        keys.revoked(event.keyId());
    }

    @EventSourcingHandler
    void on(ApiKeyExpired event) {
        keys.expired(event.keyId());
    }
}
