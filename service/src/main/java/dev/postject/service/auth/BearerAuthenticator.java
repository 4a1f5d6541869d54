package dev.postject.service.auth;

import dev.postject.projections.apikeys.ApiKeyView;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.platform.text.Hashes;
import io.dropwizard.auth.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Resolves {@code Authorization: Bearer ...}: an API key ({@code pt_live_...}) or a dashboard JWT.
 * A malformed key is refused before any look-up; a well-formed one is looked up by its SHA-256 in
 * the read-your-writes key model (through this node's cache), and must be neither revoked nor past
 * its expiry at this instant.
 */
public final class BearerAuthenticator implements Authenticator<String, Caller> {
    private final ReadModelCaches caches;
    private final DashboardTokens tokens;
    private final KeyUsage usage;
    private final Clock clock;

    public BearerAuthenticator(ReadModelCaches caches, DashboardTokens tokens, KeyUsage usage, Clock clock) {
        this.caches = caches;
        this.tokens = tokens;
        this.usage = usage;
        this.clock = clock;
    }

    @Override
    public Optional<Caller> authenticate(String credentials) {
        Optional<Caller> caller =
                credentials.startsWith(ApiKeys.PREFIX) ? apiKey(credentials) : tokens.verify(credentials);
        caller.ifPresent(c -> RequestContext.authenticatedAs(c.actor()));
        return caller;
    }

    private Optional<Caller> apiKey(String key) {
        if (!ApiKeys.isWellFormed(key)) {
            return Optional.empty();
        }
        String hash = Hashes.sha256Hex(key);
        Optional<ApiKeyView> found = caches.keyByHash(hash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiKeyView view = found.get();
        Instant now = clock.instant();
        if (!MessageDigest.isEqual(
                        view.keyHash().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))
                || !view.isActiveAt(now)) {
            return Optional.empty();
        }
        usage.used(view.id(), now);
        return Optional.of(Caller.apiKey(view.id(), view.accountId()));
    }
}
