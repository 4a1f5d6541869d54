package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyId;
import dev.postject.events.DomainAdded;
import dev.postject.events.DomainId;
import dev.postject.events.DomainRemoved;
import dev.postject.events.DomainVerificationLost;
import dev.postject.events.DomainVerified;
import dev.postject.events.UserId;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CreateKey}'s permission and domain rules, on the {@link Account} that knows both its keys and its domains. */
class KeyPermissionsTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_1");
    private static final ApiKeyId KEY = new ApiKeyId("key_1");
    private static final DomainId DOMAIN = new DomainId("dom_1");
    private static final AccountOpened OPENED =
            new AccountOpened(ACCOUNT, "Acme", new UserId("usr_1"), "ops@acme.test", NOW);
    private static final DomainAdded ADDED =
            new DomainAdded(ACCOUNT, DOMAIN, "acme.test", "token", "pj1", "MIIB", NOW.minusSeconds(60));
    private static final DomainVerified VERIFIED = new DomainVerified(ACCOUNT, DOMAIN, "acme.test", NOW);

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static CreateKey create(String permission, String domain) {
        return new CreateKey(ACCOUNT, KEY, "k", "hash", "hint", null, permission, domain);
    }

    private static ApiKeyCreated created(String permission, DomainId domainId, String domain) {
        return new ApiKeyCreated(ACCOUNT, KEY, "k", "hash", "hint", NOW, null, permission, domainId, domain);
    }

    @Test
    void createKey_withNoPermission_isAFullAccessKey() {
        fixture.given(OPENED).when(create(null, null)).expectEvents(created(ApiKeyCreated.FULL_ACCESS, null, null));
    }

    @Test
    void createKey_withSendingAccess_andNoDomain_mayUseAnySenderOfTheAccount() {
        fixture.given(OPENED)
                .when(create(ApiKeyCreated.SENDING_ACCESS, null))
                .expectEvents(created(ApiKeyCreated.SENDING_ACCESS, null, null));
    }

    @Test
    void createKey_limitedToAVerifiedDomain_byIdOrByNameInAnyCase_recordsItsIdAndName() {
        fixture.given(OPENED, ADDED, VERIFIED)
                .when(create(ApiKeyCreated.SENDING_ACCESS, "dom_1"))
                .expectEvents(created(ApiKeyCreated.SENDING_ACCESS, DOMAIN, "acme.test"));
        fixture.given(OPENED, ADDED, VERIFIED)
                .when(create(ApiKeyCreated.SENDING_ACCESS, " ACME.test "))
                .expectEvents(created(ApiKeyCreated.SENDING_ACCESS, DOMAIN, "acme.test"));
    }

    @Test
    void createKey_withAnUnknownPermission_isRejected() {
        fixture.given(OPENED)
                .when(create("admin", null))
                .expectException(Refusal.Invalid.class)
                .expectExceptionMessage("'permission' is full_access or sending_access.")
                .expectNoEvents();
    }

    @Test
    void createKey_withFullAccess_limitedToADomain_isRejected() {
        fixture.given(OPENED, ADDED, VERIFIED)
                .when(create(ApiKeyCreated.FULL_ACCESS, "dom_1"))
                .expectException(Refusal.Invalid.class)
                .expectNoEvents();
    }

    @Test
    void createKey_limitedToAnUnverifiedDomain_isRejected() {
        fixture.given(OPENED, ADDED)
                .when(create(ApiKeyCreated.SENDING_ACCESS, "acme.test"))
                .expectException(Refusal.Invalid.class)
                .expectExceptionMessage("A key can be limited only to a verified domain; acme.test is not verified.")
                .expectNoEvents();
        fixture.given(OPENED, ADDED, VERIFIED, new DomainVerificationLost(ACCOUNT, DOMAIN, "acme.test", "dkim", NOW))
                .when(create(ApiKeyCreated.SENDING_ACCESS, "dom_1"))
                .expectException(Refusal.Invalid.class)
                .expectNoEvents();
    }

    @Test
    void createKey_limitedToADomainTheAccountDoesNotHave_isRejected() {
        fixture.given(OPENED, ADDED, VERIFIED, new DomainRemoved(ACCOUNT, DOMAIN, "acme.test", NOW))
                .when(create(ApiKeyCreated.SENDING_ACCESS, "dom_1"))
                .expectException(Refusal.Invalid.class)
                .expectExceptionMessage("The account has no such domain.")
                .expectNoEvents();
        fixture.given(OPENED, ADDED, VERIFIED)
                .when(create(ApiKeyCreated.SENDING_ACCESS, "mail.acme.test"))
                .expectException(Refusal.Invalid.class)
                .expectExceptionMessage("The account has no such domain.")
                .expectNoEvents();
    }
}
