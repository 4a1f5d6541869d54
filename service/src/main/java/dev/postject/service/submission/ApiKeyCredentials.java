package dev.postject.service.submission;

import dev.postject.events.Actor;
import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.apikeys.ApiKeyView;
import dev.postject.service.auth.ApiKeys;
import dev.postject.service.auth.Caller;
import dev.postject.service.platform.cache.ReadModelCaches;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

/**
 * API keys as SMTP credentials: a key is a valid password, looked up as the bearer filter looks it
 * up (its format first, then its SHA-256 in the read-your-writes key model). API keys name no
 * client networks.
 */
final class ApiKeyCredentials implements SubmissionCredentials {
    private final ReadModelCaches caches;
    private final ApiKeyQueries keys;
    private final Clock clock;

    ApiKeyCredentials(ReadModelCaches caches, ApiKeyQueries keys, Clock clock) {
        this.caches = caches;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Optional<Caller> byPassword(String secret) {
        if (!ApiKeys.isWellFormed(secret)) {
            return Optional.empty();
        }
        String hash = ApiKeys.hash(secret);
        return caches.keyByHash(hash)
                .filter(view -> MessageDigest.isEqual(
                        view.keyHash().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII)))
                .filter(view -> view.isActiveAt(clock.instant()))
                .map(view -> Caller.apiKey(view.id(), view.accountId()));
    }

    @Override
    public Optional<Caller> byClientAddress(InetAddress client) {
        return Optional.empty();
    }

    @Override
    public boolean stillActive(Caller caller) {
        return caller.actor().type() == Actor.Type.API_KEY
                && keys.find(caller.account().value(), caller.actor().id())
                        .map((ApiKeyView view) -> view.isActiveAt(clock.instant()))
                        .orElse(false);
    }
}
