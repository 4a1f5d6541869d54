package dev.postject.service.auth;

import dev.postject.events.Actor;
import dev.postject.projections.apikeys.ApiKeyView;
import dev.postject.projections.servertokens.ServerTokenView;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.text.SecretFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Resolves an account's secrets, API keys ({@code pt_live_...}) and server tokens ({@code
 * pt_srv_...}), to the caller they authenticate, the same way for HTTP and SMTP: a malformed secret
 * (prefix, length, alphabet, checksum) is refused before any look-up; a well-formed one is looked up
 * by its SHA-256 in the read-your-writes model (through this node's cache), compared in constant
 * time, and must be neither revoked nor past its expiry at this instant. Each use is noted
 * ({@link KeyUsage}).
 */
public final class CredentialLookup {
    private final ReadModelCaches caches;
    private final KeyUsage usage;
    private final Clock clock;

    public CredentialLookup(ReadModelCaches caches, KeyUsage usage, Clock clock) {
        this.caches = caches;
        this.usage = usage;
        this.clock = clock;
    }

    /** Whether {@code credential} claims to be an API key or a server token (by its prefix). */
    public static boolean isAccountSecret(String credential) {
        return credential != null
                && (credential.startsWith(ApiKeys.PREFIX) || credential.startsWith(ServerTokenSecrets.PREFIX));
    }

    /** The API key's or server token's caller; empty for anything else, or one that does not work now. */
    public Optional<Caller> bySecret(String secret) {
        if (secret == null) {
            return Optional.empty();
        }
        if (secret.startsWith(ApiKeys.PREFIX)) {
            return apiKey(secret);
        }
        if (secret.startsWith(ServerTokenSecrets.PREFIX)) {
            return serverToken(secret);
        }
        return Optional.empty();
    }

    /**
     * Whether the API key or server token {@code caller} authenticated with still works now (not
     * revoked, not expired since); noted as a use when it does. Any other caller: false.
     */
    public boolean stillActive(Caller caller) {
        Instant now = clock.instant();
        String id = caller.actor().id();
        String account = caller.accountId() == null ? null : caller.accountId().value();
        if (caller.actor().type() == Actor.Type.API_KEY && account != null) {
            boolean active =
                    caches.key(account, id).filter(k -> k.isActiveAt(now)).isPresent();
            if (active) {
                usage.used(id, now);
            }
            return active;
        }
        if (caller.actor().type() == Actor.Type.SERVER_TOKEN && account != null) {
            boolean active = caches.serverToken(account, id)
                    .filter(t -> t.isActiveAt(now))
                    .isPresent();
            if (active) {
                usage.serverTokenUsed(id, now);
            }
            return active;
        }
        return false;
    }

    private Optional<Caller> apiKey(String key) {
        if (!ApiKeys.isWellFormed(key)) {
            return Optional.empty();
        }
        String hash = SecretFormat.hash(key);
        Optional<ApiKeyView> found = caches.keyByHash(hash);
        Instant now = clock.instant();
        if (found.isEmpty()
                || !sameHash(found.get().keyHash(), hash)
                || !found.get().isActiveAt(now)) {
            return Optional.empty();
        }
        ApiKeyView view = found.get();
        usage.used(view.id(), now);
        return Optional.of(Caller.apiKey(view));
    }

    private Optional<Caller> serverToken(String token) {
        if (!ServerTokenSecrets.FORMAT.isWellFormed(token)) {
            return Optional.empty();
        }
        String hash = SecretFormat.hash(token);
        Optional<ServerTokenView> found = caches.serverTokenByHash(hash);
        Instant now = clock.instant();
        if (found.isEmpty()
                || !sameHash(found.get().tokenHash(), hash)
                || !found.get().isActiveAt(now)) {
            return Optional.empty();
        }
        ServerTokenView view = found.get();
        usage.serverTokenUsed(view.id(), now);
        return Optional.of(Caller.serverToken(view.id(), view.accountId()));
    }

    private static boolean sameHash(String stored, String computed) {
        return MessageDigest.isEqual(
                stored.getBytes(StandardCharsets.US_ASCII), computed.getBytes(StandardCharsets.US_ASCII));
    }
}
