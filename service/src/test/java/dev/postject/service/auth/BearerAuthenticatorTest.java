package dev.postject.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.Actor;
import dev.postject.projections.accounts.AccountQueries;
import dev.postject.projections.accounts.AccountView;
import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.apikeys.ApiKeyView;
import dev.postject.projections.servertokens.ServerTokenView;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.text.SecretFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The authenticator against an in-memory key model that counts every look-up it is asked for. */
class BearerAuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private final SecretFormat.Issued issued = ApiKeys.issue();
    private final CountingKeys keys = new CountingKeys();
    private final InMemoryServerTokens serverTokens = new InMemoryServerTokens();
    private final BearerAuthenticator authenticator = new BearerAuthenticator(
            new ReadModelCaches(keys, serverTokens, new NoAccounts()),
            new DashboardTokens(
                    "x".repeat(32).getBytes(StandardCharsets.UTF_8),
                    Duration.ofHours(1),
                    Clock.fixed(NOW, ZoneOffset.UTC)),
            new KeyUsage(keys, serverTokens),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void malformedKeys_areRefused_withoutAnyLookup() {
        String valid = issued.plaintext();
        for (String key : List.of(
                "pt_live_",
                "pt_live_abc",
                valid.substring(0, valid.length() - 1) + (valid.endsWith("a") ? "b" : "a"),
                valid + "0",
                "pt_live_" + "!".repeat(38))) {
            assertThat(authenticator.authenticate(key)).as(key).isEmpty();
        }
        assertThat(keys.lookups).hasValue(0);
    }

    @Test
    void wellFormedKey_isLookedUpOnce_thenServedFromTheCache() {
        keys.stored = new ApiKeyView(
                "key_1",
                "acct_1",
                "k",
                issued.hash(),
                issued.hint(),
                NOW,
                null,
                null,
                null,
                null,
                "full_access",
                null,
                null);

        assertThat(authenticator.authenticate(issued.plaintext()).orElseThrow().actor())
                .isEqualTo(new Actor(Actor.Type.API_KEY, "key_1"));
        assertThat(authenticator.authenticate(issued.plaintext())).isPresent();
        assertThat(keys.lookups).hasValue(1);
    }

    @Test
    void revokedOrExpiredKey_isRefused() {
        ApiKeyView expiresNow = new ApiKeyView(
                "key_1",
                "acct_1",
                "k",
                issued.hash(),
                issued.hint(),
                NOW,
                NOW,
                null,
                null,
                null,
                "full_access",
                null,
                null);
        ApiKeyView revoked = new ApiKeyView(
                "key_1",
                "acct_1",
                "k",
                issued.hash(),
                issued.hint(),
                NOW,
                null,
                NOW.minusSeconds(1),
                null,
                null,
                "full_access",
                null,
                null);
        ApiKeyView recordedExpired = new ApiKeyView(
                "key_1",
                "acct_1",
                "k",
                issued.hash(),
                issued.hint(),
                NOW.minusSeconds(60),
                NOW.minusSeconds(1),
                null,
                NOW.minusSeconds(1),
                null,
                "full_access",
                null,
                null);
        ApiKeyView active = new ApiKeyView(
                "key_1",
                "acct_1",
                "k",
                issued.hash(),
                issued.hint(),
                NOW,
                null,
                null,
                null,
                null,
                "full_access",
                null,
                null);

        assertThat(authenticatorWith(expiresNow).authenticate(issued.plaintext()))
                .as("expires now")
                .isEmpty();
        assertThat(authenticatorWith(revoked).authenticate(issued.plaintext()))
                .as("revoked, with no expiry")
                .isEmpty();
        assertThat(authenticatorWith(recordedExpired).authenticate(issued.plaintext()))
                .as("expired, as the sweep recorded")
                .isEmpty();
        assertThat(authenticatorWith(active).authenticate(issued.plaintext()))
                .as("the same key, active")
                .isPresent();
    }

    @Test
    void serverToken_authenticatesAsItself_lookedUpOnce_thenServedFromTheCache() {
        SecretFormat.Issued token = ServerTokenSecrets.issue();
        serverTokens.add(new ServerTokenView(
                "stk_1", "acct_1", "t", token.hash(), token.hint(), NOW, null, List.of(), null, null, null));

        Caller caller = authenticator.authenticate(token.plaintext()).orElseThrow();

        assertThat(caller).isEqualTo(Caller.serverToken("stk_1", "acct_1"));
        assertThat(caller.isServerToken()).isTrue();
        assertThat(authenticator.authenticate(token.plaintext())).isPresent();
        assertThat(serverTokens.lookups).hasValue(1);
        assertThat(keys.lookups).as("never looked for among API keys").hasValue(0);
    }

    @Test
    void malformedServerTokens_areRefused_withoutAnyLookup() {
        String valid = ServerTokenSecrets.issue().plaintext();
        for (String token : List.of(
                "pt_srv_",
                valid.substring(0, valid.length() - 1) + (valid.endsWith("a") ? "b" : "a"),
                valid + "0",
                "pt_srv_" + "!".repeat(38))) {
            assertThat(authenticator.authenticate(token)).as(token).isEmpty();
        }
        assertThat(serverTokens.lookups).hasValue(0);
    }

    @Test
    void revokedOrExpiredServerToken_isRefused() {
        SecretFormat.Issued token = ServerTokenSecrets.issue();
        ServerTokenView revoked = new ServerTokenView(
                "stk_1", "acct_1", "t", token.hash(), token.hint(), NOW, null, List.of(), NOW, null, null);
        ServerTokenView expiresNow = new ServerTokenView(
                "stk_1", "acct_1", "t", token.hash(), token.hint(), NOW, NOW, List.of(), null, null, null);
        for (ServerTokenView view : List.of(revoked, expiresNow)) {
            BearerAuthenticator fresh = new BearerAuthenticator(
                    new ReadModelCaches(new CountingKeys(), new InMemoryServerTokens().add(view), new NoAccounts()),
                    new DashboardTokens(
                            "x".repeat(32).getBytes(StandardCharsets.UTF_8),
                            Duration.ofHours(1),
                            Clock.fixed(NOW, ZoneOffset.UTC)),
                    new KeyUsage(new CountingKeys(), new InMemoryServerTokens()),
                    Clock.fixed(NOW, ZoneOffset.UTC));

            assertThat(fresh.authenticate(token.plaintext()))
                    .as(view.toString())
                    .isEmpty();
        }
    }

    /** A fresh authenticator (with an empty cache) over a key model holding only {@code key}. */
    private static BearerAuthenticator authenticatorWith(ApiKeyView key) {
        CountingKeys model = new CountingKeys();
        model.stored = key;
        return new BearerAuthenticator(
                new ReadModelCaches(model, new InMemoryServerTokens(), new NoAccounts()),
                new DashboardTokens(
                        "x".repeat(32).getBytes(StandardCharsets.UTF_8),
                        Duration.ofHours(1),
                        Clock.fixed(NOW, ZoneOffset.UTC)),
                new KeyUsage(model, new InMemoryServerTokens()),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static final class CountingKeys implements ApiKeyQueries {
        final AtomicInteger lookups = new AtomicInteger();
        ApiKeyView stored;

        @Override
        public Optional<ApiKeyView> findByHash(String keyHash) {
            lookups.incrementAndGet();
            return Optional.ofNullable(stored).filter(k -> k.keyHash().equals(keyHash));
        }

        @Override
        public Optional<ApiKeyView> find(String accountId, String keyId) {
            return Optional.empty();
        }

        @Override
        public List<ApiKeyView> listActive(String accountId, Instant now) {
            return List.of();
        }

        @Override
        public List<ApiKeyView> dueForExpiry(Instant now, int limit) {
            return List.of();
        }

        @Override
        public void recordUsage(Collection<String> keyIds, Collection<Instant> usedAt) {}
    }

    private static final class NoAccounts implements AccountQueries {
        @Override
        public Optional<AccountView> find(String accountId) {
            return Optional.empty();
        }

        @Override
        public List<AccountView> page(String afterAccountId, boolean onlyPaused, boolean onlyAtRisk, int limit) {
            return List.of();
        }

        @Override
        public List<AccountView> byProductionStatus(String status, int limit) {
            return List.of();
        }
    }
}
