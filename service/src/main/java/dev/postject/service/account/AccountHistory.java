package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.AccountMode;
import dev.postject.events.AccountOpened;
import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyExpired;
import dev.postject.events.ApiKeyRevoked;
import dev.postject.events.DomainAdded;
import dev.postject.events.DomainRemoved;
import dev.postject.events.DomainVerificationLost;
import dev.postject.events.DomainVerified;
import dev.postject.events.ProductionAccessApproved;
import dev.postject.events.SandboxEmailAdded;
import dev.postject.events.SandboxEmailConfirmed;
import dev.postject.events.SandboxEmailRemoved;
import dev.postject.events.ServerTokenCreated;
import dev.postject.events.ServerTokenExpired;
import dev.postject.events.ServerTokenRevoked;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.ledger.Ledger;
import dev.postject.service.platform.text.Addresses;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * An account as it was at an instant, folded from its events in the ledger up to then: its mode,
 * the API keys and server tokens active then, its sandbox addresses and its domains.
 */
public final class AccountHistory {
    private final Ledger ledger;

    public record Key(
            String id,
            String name,
            String hint,
            Instant createdAt,
            Instant expiresAt,
            String permission,
            String domainId,
            String domain) {}

    public record ServerToken(
            String id, String name, String hint, Instant createdAt, Instant expiresAt, List<String> allowedNetworks) {}

    public record SandboxEmail(String email, String status) {}

    public record Domain(String id, String name, String status) {}

    public record AccountAt(
            String id,
            String name,
            String mode,
            Instant at,
            List<Key> apiKeys,
            List<ServerToken> serverTokens,
            List<SandboxEmail> sandboxEmails,
            List<Domain> domains) {}

    public AccountHistory(Ledger ledger) {
        this.ledger = ledger;
    }

    public AccountAt at(AccountId account, Instant at) {
        String name = null;
        AccountMode mode = AccountMode.SANDBOX;
        Map<String, Key> keys = new LinkedHashMap<>();
        Map<String, ServerToken> tokens = new LinkedHashMap<>();
        Map<String, SandboxEmail> sandbox = new LinkedHashMap<>();
        Map<String, Domain> domains = new LinkedHashMap<>();
        for (DomainEventMessage<?> message : ledger.history(account.value())) {
            if (message.getTimestamp().isAfter(at)) {
                break;
            }
            Object event = message.getPayload();
            if (event instanceof AccountOpened e) {
                name = e.name();
            } else if (event instanceof ApiKeyCreated e) {
                keys.put(
                        e.keyId().value(),
                        new Key(
                                e.keyId().value(),
                                e.name(),
                                e.hint(),
                                e.createdAt(),
                                e.expiresAt(),
                                e.permission(),
                                e.domainId() == null ? null : e.domainId().value(),
                                e.domain()));
            } else if (event instanceof ApiKeyRevoked e) {
                keys.remove(e.keyId().value());
            } else if (event instanceof ApiKeyExpired e) {
                keys.remove(e.keyId().value());
            } else if (event instanceof ServerTokenCreated e) {
                tokens.put(
                        e.tokenId().value(),
                        new ServerToken(
                                e.tokenId().value(),
                                e.name(),
                                e.hint(),
                                e.createdAt(),
                                e.expiresAt(),
                                e.allowedNetworks()));
            } else if (event instanceof ServerTokenRevoked e) {
                tokens.remove(e.tokenId().value());
            } else if (event instanceof ServerTokenExpired e) {
                tokens.remove(e.tokenId().value());
            } else if (event instanceof SandboxEmailAdded e) {
                sandbox.put(Addresses.key(e.email()), new SandboxEmail(e.email(), "pending"));
            } else if (event instanceof SandboxEmailConfirmed e) {
                sandbox.computeIfPresent(Addresses.key(e.email()), (k, v) -> new SandboxEmail(v.email(), "confirmed"));
            } else if (event instanceof SandboxEmailRemoved e) {
                sandbox.remove(Addresses.key(e.email()));
            } else if (event instanceof DomainAdded e) {
                domains.put(e.domainId().value(), new Domain(e.domainId().value(), e.name(), "pending"));
            } else if (event instanceof DomainVerified e) {
                domains.computeIfPresent(e.domainId().value(), (k, v) -> new Domain(v.id(), v.name(), "verified"));
            } else if (event instanceof DomainVerificationLost e) {
                domains.computeIfPresent(e.domainId().value(), (k, v) -> new Domain(v.id(), v.name(), "pending"));
            } else if (event instanceof DomainRemoved e) {
                domains.remove(e.domainId().value());
            } else if (event instanceof ProductionAccessApproved) {
                mode = AccountMode.PRODUCTION;
            }
        }
        if (name == null) {
            throw new Refusal.NotFound("account_not_found", "The account did not exist at that instant.");
        }
        List<Key> active = new ArrayList<>();
        for (Key key : keys.values()) {
            if (key.expiresAt() == null || key.expiresAt().isAfter(at)) {
                active.add(key);
            }
        }
        List<ServerToken> activeTokens = tokens.values().stream()
                .filter(token -> token.expiresAt() == null || token.expiresAt().isAfter(at))
                .toList();
        return new AccountAt(
                account.value(),
                name,
                mode.wireName(),
                at,
                active,
                activeTokens,
                List.copyOf(sandbox.values()),
                List.copyOf(domains.values()));
    }
}
