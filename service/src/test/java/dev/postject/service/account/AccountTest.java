package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyExpired;
import dev.postject.events.ApiKeyId;
import dev.postject.events.ApiKeyRevoked;
import dev.postject.events.UserId;
import dev.postject.service.errors.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AccountTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_1");
    private static final UserId OWNER = new UserId("usr_1");
    private static final AccountOpened OPENED = new AccountOpened(ACCOUNT, "Acme", OWNER, "ops@acme.test", NOW);

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ApiKeyId key(int n) {
        return new ApiKeyId("key_" + n);
    }

    private static ApiKeyCreated created(int n, Instant expiresAt) {
        return new ApiKeyCreated(ACCOUNT, key(n), "k" + n, "hash" + n, "hint" + n, NOW.minusSeconds(60), expiresAt);
    }

    private static CreateKey createKey(int n, Integer days) {
        return new CreateKey(ACCOUNT, key(n), "k" + n, "hash" + n, "hint" + n, days);
    }

    private static List<Object> keys(int count) {
        List<Object> events = new ArrayList<>(List.of(OPENED));
        for (int i = 1; i <= count; i++) {
            events.add(created(i, null));
        }
        return events;
    }

    @Nested
    class OpenAccountCommand {
        @Test
        void openAccount_recordsAccountOpened() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccount(ACCOUNT, "Acme", OWNER, "ops@acme.test"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(OPENED);
        }
    }

    @Nested
    class CreateKeyCommand {
        @Test
        void createKey_withoutExpiry_recordsAKeyThatNeverExpires() {
            fixture.given(OPENED)
                    .when(createKey(1, null))
                    .expectEvents(new ApiKeyCreated(ACCOUNT, key(1), "k1", "hash1", "hint1", NOW, null));
        }

        @Test
        void createKey_withExpiry_expiresThatManyDaysFromNow() {
            fixture.given(OPENED)
                    .when(createKey(1, 30))
                    .expectEvents(new ApiKeyCreated(
                            ACCOUNT, key(1), "k1", "hash1", "hint1", NOW, NOW.plus(Duration.ofDays(30))));
        }

        @Test
        void createKey_whenTenAreActive_isRejected() {
            fixture.given(keys(10))
                    .when(createKey(11, null))
                    .expectException(DomainException.Conflict.class)
                    .expectExceptionMessage("An account may hold at most 10 active API keys; revoke one first.")
                    .expectNoEvents();
        }

        @Test
        void createKey_whenOneOfTenWasRevoked_isAccepted() {
            List<Object> history = keys(10);
            history.add(new ApiKeyRevoked(ACCOUNT, key(3), NOW));
            fixture.given(history).when(createKey(11, null)).expectSuccessfulHandlerExecution();
        }

        @Test
        void createKey_whenOneOfTenIsPastItsExpiry_isAccepted_evenBeforeTheSweepRecordsIt() {
            List<Object> history = keys(9);
            history.add(created(10, NOW.minusSeconds(1)));
            fixture.given(history).when(createKey(11, null)).expectSuccessfulHandlerExecution();
        }
    }

    @Nested
    class RevokeKeyCommand {
        @Test
        void revokeKey_recordsTheRevocation() {
            fixture.given(OPENED, created(1, null))
                    .when(new RevokeKey(ACCOUNT, key(1)))
                    .expectEvents(new ApiKeyRevoked(ACCOUNT, key(1), NOW));
        }

        @Test
        void revokeKey_whenUnknown_isRejected() {
            fixture.given(OPENED)
                    .when(new RevokeKey(ACCOUNT, key(9)))
                    .expectException(DomainException.NotFound.class)
                    .expectNoEvents();
        }

        @Test
        void revokeKey_whenAlreadyRevoked_isRejected() {
            fixture.given(OPENED, created(1, null), new ApiKeyRevoked(ACCOUNT, key(1), NOW))
                    .when(new RevokeKey(ACCOUNT, key(1)))
                    .expectException(DomainException.NotFound.class)
                    .expectNoEvents();
        }

        @Test
        void revokeKey_whenExpired_isRejected() {
            fixture.given(OPENED, created(1, NOW.minusSeconds(1)))
                    .when(new RevokeKey(ACCOUNT, key(1)))
                    .expectException(DomainException.NotFound.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class ExpireKeyCommand {
        @Test
        void expireKey_pastItsExpiry_recordsTheExpiryAtTheExpiryInstant() {
            Instant expiry = NOW.minusSeconds(30);
            fixture.given(OPENED, created(1, expiry))
                    .when(new ExpireKey(ACCOUNT, key(1)))
                    .expectEvents(new ApiKeyExpired(ACCOUNT, key(1), expiry));
        }

        @Test
        void expireKey_beforeItsExpiry_isRejected() {
            fixture.given(OPENED, created(1, NOW.plusSeconds(1)))
                    .when(new ExpireKey(ACCOUNT, key(1)))
                    .expectException(DomainException.Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void expireKey_withoutExpiry_isRejected() {
            fixture.given(OPENED, created(1, null))
                    .when(new ExpireKey(ACCOUNT, key(1)))
                    .expectException(DomainException.Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void expireKey_whenAlreadyExpired_isRejected() {
            fixture.given(
                            OPENED,
                            created(1, NOW.minusSeconds(5)),
                            new ApiKeyExpired(ACCOUNT, key(1), NOW.minusSeconds(5)))
                    .when(new ExpireKey(ACCOUNT, key(1)))
                    .expectException(DomainException.Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void expireKey_whenRevoked_isRejected() {
            fixture.given(
                            OPENED,
                            created(1, NOW.minusSeconds(5)),
                            new ApiKeyRevoked(ACCOUNT, key(1), NOW.minusSeconds(9)))
                    .when(new ExpireKey(ACCOUNT, key(1)))
                    .expectException(DomainException.Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void expireKey_whenUnknown_isRejected() {
            fixture.given(OPENED)
                    .when(new ExpireKey(ACCOUNT, key(1)))
                    .expectException(DomainException.NotFound.class)
                    .expectNoEvents();
        }
    }
}
