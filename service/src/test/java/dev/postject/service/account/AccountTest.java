package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyExpired;
import dev.postject.events.ApiKeyId;
import dev.postject.events.ApiKeyRevoked;
import dev.postject.events.DomainAdded;
import dev.postject.events.DomainId;
import dev.postject.events.DomainRemoved;
import dev.postject.events.DomainVerificationLost;
import dev.postject.events.DomainVerified;
import dev.postject.events.EmailId;
import dev.postject.events.ProductionAccessApproved;
import dev.postject.events.ProductionAccessRejected;
import dev.postject.events.ProductionAccessRequested;
import dev.postject.events.SandboxSendSucceeded;
import dev.postject.events.UserId;
import dev.postject.service.platform.errors.Refusal;
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
        return new ApiKeyCreated(
                ACCOUNT,
                key(n),
                "k" + n,
                "hash" + n,
                "hint" + n,
                NOW.minusSeconds(60),
                expiresAt,
                ApiKeyCreated.FULL_ACCESS,
                null,
                null);
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
                    .expectEvents(new ApiKeyCreated(
                            ACCOUNT, key(1), "k1", "hash1", "hint1", NOW, null, ApiKeyCreated.FULL_ACCESS, null, null));
        }

        @Test
        void createKey_withExpiry_expiresThatManyDaysFromNow() {
            fixture.given(OPENED)
                    .when(createKey(1, 30))
                    .expectEvents(new ApiKeyCreated(
                            ACCOUNT,
                            key(1),
                            "k1",
                            "hash1",
                            "hint1",
                            NOW,
                            NOW.plus(Duration.ofDays(30)),
                            ApiKeyCreated.FULL_ACCESS,
                            null,
                            null));
        }

        @Test
        void createKey_whenTenAreActive_isRejected() {
            fixture.given(keys(10))
                    .when(createKey(11, null))
                    .expectException(Refusal.Conflict.class)
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
                    .expectException(Refusal.NotFound.class)
                    .expectNoEvents();
        }

        @Test
        void revokeKey_whenAlreadyRevoked_isRejected() {
            fixture.given(OPENED, created(1, null), new ApiKeyRevoked(ACCOUNT, key(1), NOW))
                    .when(new RevokeKey(ACCOUNT, key(1)))
                    .expectException(Refusal.NotFound.class)
                    .expectNoEvents();
        }

        @Test
        void revokeKey_whenExpired_isRejected() {
            fixture.given(OPENED, created(1, NOW.minusSeconds(1)))
                    .when(new RevokeKey(ACCOUNT, key(1)))
                    .expectException(Refusal.NotFound.class)
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
                    .expectException(Refusal.Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void expireKey_withoutExpiry_isRejected() {
            fixture.given(OPENED, created(1, null))
                    .when(new ExpireKey(ACCOUNT, key(1)))
                    .expectException(Refusal.Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void expireKey_whenAlreadyExpired_isRejected() {
            fixture.given(
                            OPENED,
                            created(1, NOW.minusSeconds(5)),
                            new ApiKeyExpired(ACCOUNT, key(1), NOW.minusSeconds(5)))
                    .when(new ExpireKey(ACCOUNT, key(1)))
                    .expectException(Refusal.Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void expireKey_whenRevoked_isRejected() {
            fixture.given(
                            OPENED,
                            created(1, NOW.minusSeconds(5)),
                            new ApiKeyRevoked(ACCOUNT, key(1), NOW.minusSeconds(9)))
                    .when(new ExpireKey(ACCOUNT, key(1)))
                    .expectException(Refusal.Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void expireKey_whenUnknown_isRejected() {
            fixture.given(OPENED)
                    .when(new ExpireKey(ACCOUNT, key(1)))
                    .expectException(Refusal.NotFound.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class DomainsAndProductionAccess {
        private static final DomainId DOMAIN = new DomainId("dom_1");
        private static final DomainAdded ADDED =
                new DomainAdded(ACCOUNT, DOMAIN, "acme.test", "token", "pj1", "MIIB", NOW.minusSeconds(60));
        private static final DomainVerified VERIFIED = new DomainVerified(ACCOUNT, DOMAIN, "acme.test", NOW);
        private static final SandboxSendSucceeded DELIVERED =
                new SandboxSendSucceeded(ACCOUNT, new EmailId("msg_1"), NOW);
        private static final ProductionAccessRequested REQUESTED =
                new ProductionAccessRequested(ACCOUNT, "receipts", null, NOW);

        @Test
        void aDomainName_isAddedOnce() {
            fixture.given(OPENED, ADDED)
                    .when(new AddDomain(ACCOUNT, new DomainId("dom_2"), "acme.test", "t", "pj2", "MIIC"))
                    .expectException(Refusal.Conflict.class)
                    .expectNoEvents();
        }

        @Test
        void aCheck_recordsOnlyAChangeOfStatus() {
            fixture.given(OPENED, ADDED)
                    .when(new RecordDomainCheck(ACCOUNT, DOMAIN, true, "all pass"))
                    .expectEvents(VERIFIED);
            fixture.given(OPENED, ADDED, VERIFIED)
                    .when(new RecordDomainCheck(ACCOUNT, DOMAIN, true, "all pass"))
                    .expectNoEvents();
            fixture.given(OPENED, ADDED, VERIFIED)
                    .when(new RecordDomainCheck(ACCOUNT, DOMAIN, false, "dkim: missing"))
                    .expectEvents(new DomainVerificationLost(ACCOUNT, DOMAIN, "acme.test", "dkim: missing", NOW));
        }

        @Test
        void theFirstSandboxDelivery_isRecordedOnce() {
            fixture.given(OPENED)
                    .when(new RecordSandboxSend(ACCOUNT, new EmailId("msg_1")))
                    .expectEvents(DELIVERED);
            fixture.given(OPENED, DELIVERED)
                    .when(new RecordSandboxSend(ACCOUNT, new EmailId("msg_2")))
                    .expectNoEvents();
        }

        @Test
        void aRequest_needsAVerifiedDomainAndASandboxDelivery() {
            fixture.given(OPENED, ADDED, DELIVERED)
                    .when(new RequestProductionAccess(ACCOUNT, "receipts", null))
                    .expectException(Refusal.Conflict.class)
                    .expectExceptionMessage(
                            "Production access needs a verified domain and one email delivered in sandbox mode first.")
                    .expectNoEvents();
            fixture.given(OPENED, ADDED, VERIFIED, DELIVERED, new DomainRemoved(ACCOUNT, DOMAIN, "acme.test", NOW))
                    .when(new RequestProductionAccess(ACCOUNT, "receipts", null))
                    .expectException(Refusal.Conflict.class);
            fixture.given(OPENED, ADDED, VERIFIED, DELIVERED)
                    .when(new RequestProductionAccess(ACCOUNT, "receipts", null))
                    .expectEvents(REQUESTED);
        }

        @Test
        void aDecision_needsAPendingRequest_andARejectedAccountMayAskAgain() {
            fixture.given(OPENED, ADDED, VERIFIED, DELIVERED)
                    .when(new DecideProductionAccess(ACCOUNT, true, null))
                    .expectException(Refusal.Conflict.class);
            fixture.given(OPENED, ADDED, VERIFIED, DELIVERED, REQUESTED)
                    .when(new DecideProductionAccess(ACCOUNT, false, "tell us more"))
                    .expectEvents(new ProductionAccessRejected(ACCOUNT, "tell us more", NOW));
            fixture.given(
                            OPENED,
                            ADDED,
                            VERIFIED,
                            DELIVERED,
                            REQUESTED,
                            new ProductionAccessRejected(ACCOUNT, "tell us more", NOW))
                    .when(new RequestProductionAccess(ACCOUNT, "receipts", null))
                    .expectEvents(REQUESTED);
        }

        @Test
        void anApprovedAccount_isInProduction_andCannotAskAgain() {
            fixture.given(OPENED, ADDED, VERIFIED, DELIVERED, REQUESTED)
                    .when(new DecideProductionAccess(ACCOUNT, true, null))
                    .expectEvents(new ProductionAccessApproved(ACCOUNT, NOW));
            fixture.given(OPENED, ADDED, VERIFIED, DELIVERED, REQUESTED, new ProductionAccessApproved(ACCOUNT, NOW))
                    .when(new RequestProductionAccess(ACCOUNT, "more", null))
                    .expectException(Refusal.Conflict.class)
                    .expectExceptionMessage("This account is already in production mode.");
        }
    }
}
