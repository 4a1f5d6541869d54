package dev.postject.service.auth;

import static dev.postject.service.auth.InMemoryServerTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.postject.projections.accounts.AccountQueries;
import dev.postject.projections.accounts.AccountView;
import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.apikeys.ApiKeyView;
import dev.postject.projections.servertokens.ServerTokenView;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.text.SecretFormat;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The SMTP listener's look-up of credentials, against in-memory models. */
class SmtpCredentialsTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private final InMemoryServerTokens tokens = new InMemoryServerTokens();
    private final OneKey keys = new OneKey();
    private final ReadModelCaches caches = new ReadModelCaches(keys, tokens, new NoAccounts());
    private final SmtpCredentials credentials =
            new SmtpCredentials(caches, new KeyUsage(keys, tokens), Clock.fixed(NOW, ZoneOffset.UTC));
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SmtpCredentials.class);

    @BeforeEach
    void captureWarnings() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        logger.detachAppender(log);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private Optional<String> tokenAt(String client) throws Exception {
        return credentials
                .byClientAddress(ip(client))
                .map(caller -> caller.actor().id());
    }

    @Test
    void theMostSpecificNetworkThatHoldsTheClient_wins() throws Exception {
        tokens.add(token("stk_wide", "acct_a", NOW, "10.0.0.0/8", "2001:db8::/32"))
                .add(token("stk_narrow", "acct_a", NOW, "10.1.0.0/16"))
                .add(token("stk_host", "acct_a", NOW, "10.1.2.3/32", "2001:db8:1::/48"));

        assertThat(tokenAt("10.1.2.3")).contains("stk_host");
        assertThat(tokenAt("10.1.2.4")).contains("stk_narrow");
        assertThat(tokenAt("10.2.0.1")).contains("stk_wide");
        assertThat(tokenAt("2001:db8:1::25")).contains("stk_host");
        assertThat(tokenAt("2001:db8:2::25")).contains("stk_wide");
        assertThat(tokenAt("192.0.2.1")).as("in no network").isEmpty();
        assertThat(credentials.byClientAddress(ip("10.1.2.4")).orElseThrow())
                .isEqualTo(Caller.serverToken("stk_narrow", "acct_a"));
    }

    @Test
    void anIpv4MappedIpv6Client_isMatchedAsTheIpv4AddressItIs() throws Exception {
        tokens.add(token("stk_1", "acct_a", NOW, "203.0.113.0/24"));
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 203;
        mapped[14] = 113;
        mapped[15] = 25;
        InetAddress client = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(client).isInstanceOf(Inet6Address.class);
        assertThat(credentials.byClientAddress(client).map(c -> c.actor().id())).contains("stk_1");
        assertThat(tokenAt("::ffff:203.0.113.25")).contains("stk_1");
    }

    @Test
    void twoTokensEquallySpecific_areAmbiguous_soTheClientMustAuthenticate_andThatIsLoggedOnce() throws Exception {
        tokens.add(token("stk_1", "acct_a", NOW, "10.0.0.0/8"))
                .add(token("stk_2", "acct_a", NOW, "10.1.0.0/16"))
                .add(token("stk_3", "acct_a", NOW, "10.1.0.0/16"));

        assertThat(tokenAt("10.1.0.1")).isEmpty();
        assertThat(tokenAt("10.1.0.2")).isEmpty();
        assertThat(tokenAt("10.2.0.1"))
                .as("outside the tie, the wider network still answers")
                .contains("stk_1");

        assertThat(log.list)
                .filteredOn(e -> e.getFormattedMessage().contains("stk_2,stk_3"))
                .hasSize(1);
        assertThat(log.list.get(0).getFormattedMessage()).contains("10.1.0.1").contains("equally specific");
    }

    @Test
    void networksOfTwoAccounts_thatHoldTheClient_areAmbiguous_howeverSpecificEither() throws Exception {
        tokens.add(token("stk_a", "acct_a", NOW, "10.0.0.0/8")).add(token("stk_b", "acct_b", NOW, "10.1.2.3/32"));

        assertThat(tokenAt("10.1.2.3")).as("never another account's clients").isEmpty();
        assertThat(tokenAt("10.9.9.9")).contains("stk_a");
        assertThat(log.list)
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("more than one account"));
    }

    @Test
    void revokedAndExpiredTokens_allowNoNetwork() throws Exception {
        tokens.add(new ServerTokenView(
                        "stk_revoked", "acct_a", "n", "h1", "h", NOW, null, List.of("10.0.0.0/8"), NOW, null, null))
                .add(new ServerTokenView(
                        "stk_expired", "acct_a", "n", "h2", "h", NOW, NOW, List.of("10.1.0.0/16"), null, null, null))
                .add(token("stk_open", "acct_a", NOW));

        assertThat(tokenAt("10.1.0.1")).isEmpty();
    }

    @Test
    void theNetworkTable_isReadOnce_untilAnAccountChanges() throws Exception {
        tokens.add(token("stk_1", "acct_a", NOW, "10.0.0.0/8"));
        assertThat(tokenAt("10.0.0.1")).contains("stk_1");
        assertThat(tokenAt("10.0.0.2")).contains("stk_1");
        int lookups = tokens.lookups.get();

        tokens.add(token("stk_2", "acct_b", NOW, "192.0.2.0/24"));
        assertThat(tokenAt("192.0.2.1"))
                .as("not seen before the change is announced")
                .isEmpty();
        caches.evictAccount("acct_b");

        assertThat(tokenAt("192.0.2.1")).contains("stk_2");
        assertThat(tokens.lookups.get()).isEqualTo(lookups + 1);
    }

    @Test
    void aPassword_isAnApiKeyOrAServerToken_checkedAsOverHttp() {
        SecretFormat.Issued token = ServerTokenSecrets.issue();
        SecretFormat.Issued key = ApiKeys.issue();
        tokens.add(
                new ServerTokenView("stk_1", "acct_a", "t", token.hash(), "h", NOW, null, List.of(), null, null, null));
        keys.stored = new ApiKeyView(
                "key_1", "acct_a", "k", key.hash(), "h", NOW, null, null, null, null, "full_access", null, null);

        assertThat(credentials.byPassword(token.plaintext())).contains(Caller.serverToken("stk_1", "acct_a"));
        assertThat(credentials.byPassword(key.plaintext())).contains(Caller.apiKey("key_1", "acct_a"));
        assertThat(credentials.byPassword(ServerTokenSecrets.issue().plaintext()))
                .as("unknown")
                .isEmpty();
        assertThat(credentials.byPassword("pt_srv_short")).isEmpty();
        assertThat(credentials.byPassword("eyJhbGciOiJIUzI1NiJ9.e30.x"))
                .as("a dashboard token")
                .isEmpty();
        assertThat(credentials.byPassword(null)).isEmpty();
    }

    @Test
    void stillActive_isFalse_onceTheCredentialIsRevoked() {
        SecretFormat.Issued token = ServerTokenSecrets.issue();
        ServerTokenView active =
                new ServerTokenView("stk_1", "acct_a", "t", token.hash(), "h", NOW, null, List.of(), null, null, null);
        tokens.add(active);
        Caller caller = credentials.byPassword(token.plaintext()).orElseThrow();
        assertThat(credentials.stillActive(caller)).isTrue();

        tokens.tokens.set(
                0,
                new ServerTokenView("stk_1", "acct_a", "t", token.hash(), "h", NOW, null, List.of(), NOW, null, null));
        caches.evictAccount("acct_a");

        assertThat(credentials.stillActive(caller)).isFalse();
        assertThat(credentials.stillActive(Caller.serverToken("stk_1", "acct_b")))
                .as("another account's id")
                .isFalse();
        assertThat(credentials.stillActive(Caller.user("usr_1", "acct_a"))).isFalse();
    }

    @Test
    void stillActive_isFalse_forAKeyPastItsExpiry() {
        keys.stored = new ApiKeyView(
                "key_1",
                "acct_a",
                "k",
                "h",
                "h",
                NOW.minusSeconds(60),
                NOW,
                null,
                null,
                null,
                "full_access",
                null,
                null);

        assertThat(credentials.stillActive(Caller.apiKey("key_1", "acct_a"))).isFalse();
    }

    private static final class OneKey implements ApiKeyQueries {
        ApiKeyView stored;

        @Override
        public Optional<ApiKeyView> findByHash(String keyHash) {
            return Optional.ofNullable(stored).filter(k -> k.keyHash().equals(keyHash));
        }

        @Override
        public Optional<ApiKeyView> find(String accountId, String keyId) {
            return Optional.ofNullable(stored).filter(k -> k.accountId().equals(accountId) && k.id().equals(keyId));
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
