package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyExpired;
import dev.postject.events.ApiKeyId;
import dev.postject.events.ApiKeyRevoked;
import dev.postject.events.DomainId;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * The account's API keys: at most {@value CredentialSet#MAX_ACTIVE} active at any instant, each
 * {@value ApiKeyCreated#FULL_ACCESS} or {@value ApiKeyCreated#SENDING_ACCESS}, a sending key
 * perhaps limited to one domain that is verified when the key is created.
 */
final class Keys {
    private static final List<String> PERMISSIONS = List.of(ApiKeyCreated.FULL_ACCESS, ApiKeyCreated.SENDING_ACCESS);

    private final CredentialSet<ApiKeyId> keys = new CredentialSet<>("api_key", "API key");

    /** Handled by the {@link Account} root, which knows the account's domains. */
    void create(CreateKey command, SendingDomains domains, Clock clock) {
        String permission = command.permission() == null ? ApiKeyCreated.FULL_ACCESS : command.permission();
        if (!PERMISSIONS.contains(permission)) {
            throw new Refusal.Invalid(
                    "invalid_permission", "'permission' is full_access or sending_access.", "permission");
        }
        SendingDomains.Verified domain = null;
        if (command.domain() != null) {
            if (!permission.equals(ApiKeyCreated.SENDING_ACCESS)) {
                throw new Refusal.Invalid(
                        "domain_requires_sending_access",
                        "Only a sending_access key can be limited to a domain; a full_access key could change the"
                                + " domains themselves.",
                        command.domain().startsWith(DomainId.PREFIX) ? "domainId" : "domain");
            }
            domain = domains.requireVerified(command.domain());
        }
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
                expiresAt,
                permission,
                domain == null ? null : domain.id(),
                domain == null ? null : domain.name()));
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
