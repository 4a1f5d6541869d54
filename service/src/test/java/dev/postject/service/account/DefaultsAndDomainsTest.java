package dev.postject.service.account;

import dev.postject.events.AccountDefaultsChanged;
import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.DomainAdded;
import dev.postject.events.DomainId;
import dev.postject.events.DomainRemoved;
import dev.postject.events.DomainVerified;
import dev.postject.events.UserId;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Account aggregate's defaults for new emails, and the removal of a sending domain. */
class DefaultsAndDomainsTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_1");
    private static final AccountOpened OPENED =
            new AccountOpened(ACCOUNT, "Acme", new UserId("usr_1"), "ops@acme.test", NOW.minusSeconds(3600));
    private static final DomainId DOMAIN = new DomainId("dom_1");
    private static final DomainAdded ADDED =
            new DomainAdded(ACCOUNT, DOMAIN, "mail.acme.test", "token", "pj1", "key", NOW.minusSeconds(60));

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Nested
    class ChangeDefaultsCommand {
        @Test
        void changeDefaults_ofANewAccount_recordsBothFlags_theOneLeftOutStillOff() {
            fixture.given(OPENED)
                    .when(new ChangeDefaults(ACCOUNT, true, null))
                    .expectEvents(new AccountDefaultsChanged(ACCOUNT, true, false, NOW));
        }

        @Test
        void changeDefaults_keepsTheFlagItLeavesOut_asItWas() {
            fixture.given(OPENED, new AccountDefaultsChanged(ACCOUNT, true, true, NOW.minusSeconds(10)))
                    .when(new ChangeDefaults(ACCOUNT, null, false))
                    .expectEvents(new AccountDefaultsChanged(ACCOUNT, true, false, NOW));
        }
    }

    @Nested
    class RemoveDomainCommand {
        @Test
        void remove_recordsTheDomainRemoved_byName() {
            fixture.given(OPENED, ADDED)
                    .when(new RemoveDomain(ACCOUNT, DOMAIN))
                    .expectEvents(new DomainRemoved(ACCOUNT, DOMAIN, "mail.acme.test", NOW));
        }

        @Test
        void remove_ofAVerifiedDomain_isRecordedToo() {
            fixture.given(OPENED, ADDED, new DomainVerified(ACCOUNT, DOMAIN, "mail.acme.test", NOW))
                    .when(new RemoveDomain(ACCOUNT, DOMAIN))
                    .expectEvents(new DomainRemoved(ACCOUNT, DOMAIN, "mail.acme.test", NOW));
        }

        @Test
        void remove_ofAnUnknownOrRemovedDomain_isRejected() {
            fixture.given(OPENED)
                    .when(new RemoveDomain(ACCOUNT, DOMAIN))
                    .expectException(Refusal.NotFound.class)
                    .expectExceptionMessage("No domain with this id.")
                    .expectNoEvents();
            fixture.given(OPENED, ADDED, new DomainRemoved(ACCOUNT, DOMAIN, "mail.acme.test", NOW))
                    .when(new RemoveDomain(ACCOUNT, DOMAIN))
                    .expectException(Refusal.NotFound.class)
                    .expectNoEvents();
        }

        @Test
        void aRemovedDomain_canBeAddedAgain() {
            fixture.given(OPENED, ADDED, new DomainRemoved(ACCOUNT, DOMAIN, "mail.acme.test", NOW))
                    .when(new AddDomain(ACCOUNT, new DomainId("dom_2"), "mail.acme.test", "t2", "pj2", "k2"))
                    .expectSuccessfulHandlerExecution();
        }
    }
}
