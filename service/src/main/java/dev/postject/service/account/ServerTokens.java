package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.ServerTokenCreated;
import dev.postject.events.ServerTokenExpired;
import dev.postject.events.ServerTokenId;
import dev.postject.events.ServerTokenRevoked;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * The account's server tokens (sending-only credentials): at most {@value CredentialSet#MAX_ACTIVE}
 * active at any instant, like API keys and counted apart from them.
 */
final class ServerTokens {
    private final CredentialSet<ServerTokenId> tokens = new CredentialSet<>("server_token", "server token");

    @CommandHandler
    void handle(CreateServerToken command, Clock clock) {
        Instant now = clock.instant();
        tokens.requireFreeSlot(now);
        Instant expiresAt = command.expiresInDays() == null ? null : now.plus(Duration.ofDays(command.expiresInDays()));
        apply(new ServerTokenCreated(
                command.accountId(),
                command.tokenId(),
                command.name(),
                command.tokenHash(),
                command.hint(),
                now,
                expiresAt,
                command.allowedNetworks()));
    }

    @CommandHandler
    void handle(RevokeServerToken command, Clock clock) {
        Instant now = clock.instant();
        tokens.requireActive(command.tokenId(), now);
        apply(new ServerTokenRevoked(command.accountId(), command.tokenId(), now));
    }

    @CommandHandler
    void handle(ExpireServerToken command, Clock clock) {
        Instant expiresAt = tokens.requireDueForExpiry(command.tokenId(), clock);
        apply(new ServerTokenExpired(command.accountId(), command.tokenId(), expiresAt));
    }

    @EventSourcingHandler
    void on(ServerTokenCreated event) {
        tokens.issued(event.tokenId(), event.expiresAt());
    }

    @EventSourcingHandler
    void on(ServerTokenRevoked event) {
        tokens.revoked(event.tokenId());
    }

    @EventSourcingHandler
    void on(ServerTokenExpired event) {
        tokens.expired(event.tokenId());
    }
}
