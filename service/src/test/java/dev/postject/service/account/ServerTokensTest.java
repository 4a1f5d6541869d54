package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyId;
import dev.postject.events.ServerTokenCreated;
import dev.postject.events.ServerTokenExpired;
import dev.postject.events.ServerTokenId;
import dev.postject.events.ServerTokenRevoked;
import dev.postject.events.UserId;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The account's server tokens: the limit, revocation and expiry, each refusal recording nothing. */
class ServerTokensTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_1");
    private static final AccountOpened OPENED =
            new AccountOpened(ACCOUNT, "Acme", new UserId("usr_1"), "ops@acme.test", NOW);
    private static final List<String> NETWORKS = List.of("203.0.113.0/24", "2001:db8::/32");

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ServerTokenId token(int n) {
        return new ServerTokenId("stk_" + n);
    }

    private static ServerTokenCreated created(int n, Instant expiresAt) {
        return new ServerTokenCreated(
                ACCOUNT, token(n), "t" + n, "hash" + n, "hint" + n, NOW.minusSeconds(60), expiresAt, List.of());
    }

    private static CreateServerToken create(int n, Integer days, List<String> networks) {
        return new CreateServerToken(ACCOUNT, token(n), "t" + n, "hash" + n, "hint" + n, days, networks);
    }

    private static List<Object> tokens(int count) {
        List<Object> events = new ArrayList<>(List.of(OPENED));
        for (int i = 1; i <= count; i++) {
            events.add(created(i, null));
        }
        return events;
    }

    /** A refusal with this error code. */
    private static Matcher<Object> refusal(String code) {
        return Matchers.allOf(
                Matchers.instanceOf(Refusal.class),
                new FeatureMatcher<Object, String>(Matchers.equalTo(code), "a refusal with code", "code") {
                    @Override
                    protected String featureValueOf(Object actual) {
                        return ((Refusal) actual).code();
                    }
                });
    }

    @Nested
    class CreateServerTokenCommand {
        @Test
        void createServerToken_recordsItsHashHintExpiryAndNetworks() {
            fixture.given(OPENED)
                    .when(create(1, 30, NETWORKS))
                    .expectEvents(new ServerTokenCreated(
                            ACCOUNT, token(1), "t1", "hash1", "hint1", NOW, NOW.plus(Duration.ofDays(30)), NETWORKS));
        }

        @Test
        void createServerToken_withoutExpiry_recordsATokenThatNeverExpires() {
            fixture.given(OPENED)
                    .when(create(1, null, List.of()))
                    .expectEvents(
                            new ServerTokenCreated(ACCOUNT, token(1), "t1", "hash1", "hint1", NOW, null, List.of()));
        }

        @Test
        void createServerToken_whenTenAreActive_isRejected() {
            fixture.given(tokens(10))
                    .when(create(11, null, List.of()))
                    .expectException(refusal("server_token_limit_reached"))
                    .expectExceptionMessage("An account may hold at most 10 active server tokens; revoke one first.")
                    .expectNoEvents();
        }

        @Test
        void createServerToken_whenOneOfTenWasRevoked_isAccepted() {
            List<Object> history = tokens(10);
            history.add(new ServerTokenRevoked(ACCOUNT, token(3), NOW));
            fixture.given(history).when(create(11, null, List.of())).expectSuccessfulHandlerExecution();
        }

        @Test
        void createServerToken_whenOneOfTenIsPastItsExpiry_isAccepted_evenBeforeTheSweepRecordsIt() {
            List<Object> history = tokens(9);
            history.add(created(10, NOW.minusSeconds(1)));
            fixture.given(history).when(create(11, null, List.of())).expectSuccessfulHandlerExecution();
        }

        @Test
        void createServerToken_isNotCountedAgainstApiKeys_norTheOtherWay() {
            List<Object> history = new ArrayList<>(List.of(OPENED));
            for (int i = 1; i <= 10; i++) {
                history.add(new ApiKeyCreated(
                        ACCOUNT,
                        new ApiKeyId("key_" + i),
                        "k",
                        "kh" + i,
                        "h",
                        NOW,
                        null,
                        ApiKeyCreated.FULL_ACCESS,
                        null,
                        null));
            }
            fixture.given(history).when(create(1, null, List.of())).expectSuccessfulHandlerExecution();
            fixture.given(tokens(10))
                    .when(new CreateKey(ACCOUNT, new ApiKeyId("key_1"), "k", "kh", "h", null))
                    .expectSuccessfulHandlerExecution();
        }
    }

    @Nested
    class RevokeServerTokenCommand {
        @Test
        void revokeServerToken_recordsTheRevocation() {
            fixture.given(OPENED, created(1, null))
                    .when(new RevokeServerToken(ACCOUNT, token(1)))
                    .expectEvents(new ServerTokenRevoked(ACCOUNT, token(1), NOW));
        }

        @Test
        void revokeServerToken_whenUnknown_isRejected() {
            fixture.given(OPENED)
                    .when(new RevokeServerToken(ACCOUNT, token(9)))
                    .expectException(refusal("server_token_not_found"))
                    .expectNoEvents();
        }

        @Test
        void revokeServerToken_givenAnApiKeysId_isRejected() {
            fixture.given(
                            OPENED,
                            new ApiKeyCreated(
                                    ACCOUNT,
                                    new ApiKeyId("stk_1"),
                                    "k",
                                    "kh",
                                    "h",
                                    NOW,
                                    null,
                                    ApiKeyCreated.FULL_ACCESS,
                                    null,
                                    null))
                    .when(new RevokeServerToken(ACCOUNT, token(1)))
                    .expectException(refusal("server_token_not_found"))
                    .expectNoEvents();
        }

        @Test
        void revokeServerToken_whenAlreadyRevoked_isRejected() {
            fixture.given(OPENED, created(1, null), new ServerTokenRevoked(ACCOUNT, token(1), NOW))
                    .when(new RevokeServerToken(ACCOUNT, token(1)))
                    .expectException(refusal("server_token_not_found"))
                    .expectNoEvents();
        }

        @Test
        void revokeServerToken_whenPastItsExpiry_isRejected() {
            fixture.given(OPENED, created(1, NOW.minusSeconds(1)))
                    .when(new RevokeServerToken(ACCOUNT, token(1)))
                    .expectException(refusal("server_token_not_found"))
                    .expectNoEvents();
        }
    }

    @Nested
    class ExpireServerTokenCommand {
        @Test
        void expireServerToken_pastItsExpiry_recordsTheExpiryAtTheExpiryInstant() {
            Instant expiry = NOW.minusSeconds(30);
            fixture.given(OPENED, created(1, expiry))
                    .when(new ExpireServerToken(ACCOUNT, token(1)))
                    .expectEvents(new ServerTokenExpired(ACCOUNT, token(1), expiry));
        }

        @Test
        void expireServerToken_beforeItsExpiry_isRejected() {
            fixture.given(OPENED, created(1, NOW.plusSeconds(1)))
                    .when(new ExpireServerToken(ACCOUNT, token(1)))
                    .expectException(refusal("server_token_not_expired"))
                    .expectNoEvents();
        }

        @Test
        void expireServerToken_withoutExpiry_isRejected() {
            fixture.given(OPENED, created(1, null))
                    .when(new ExpireServerToken(ACCOUNT, token(1)))
                    .expectException(refusal("server_token_not_expired"))
                    .expectNoEvents();
        }

        @Test
        void expireServerToken_whenAlreadyExpired_isRejected() {
            fixture.given(
                            OPENED,
                            created(1, NOW.minusSeconds(5)),
                            new ServerTokenExpired(ACCOUNT, token(1), NOW.minusSeconds(5)))
                    .when(new ExpireServerToken(ACCOUNT, token(1)))
                    .expectException(refusal("server_token_inactive"))
                    .expectNoEvents();
        }

        @Test
        void expireServerToken_whenRevoked_isRejected() {
            fixture.given(
                            OPENED,
                            created(1, NOW.minusSeconds(5)),
                            new ServerTokenRevoked(ACCOUNT, token(1), NOW.minusSeconds(9)))
                    .when(new ExpireServerToken(ACCOUNT, token(1)))
                    .expectException(refusal("server_token_inactive"))
                    .expectNoEvents();
        }

        @Test
        void expireServerToken_whenUnknown_isRejected() {
            fixture.given(OPENED)
                    .when(new ExpireServerToken(ACCOUNT, token(1)))
                    .expectException(refusal("server_token_not_found"))
                    .expectNoEvents();
        }
    }
}
