package dev.postject.projections.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.AccountId;
import dev.postject.events.SandboxConfirmationSent;
import dev.postject.events.SandboxEmailAdded;
import dev.postject.events.SandboxEmailConfirmed;
import dev.postject.events.SandboxEmailRemoved;
import dev.postject.projections.testing.ReadModelDatabase;
import dev.postject.projections.testing.TestLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SandboxEmailProjectionTest {
    @RegisterExtension
    static final ReadModelDatabase DATABASE = new ReadModelDatabase();

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_a");
    private final Jdbi jdbi = DATABASE.jdbi();
    private final TestLedger ledger = TestLedger.inTransaction(jdbi, new SandboxEmailProjection(jdbi));
    private final SandboxEmailQueries queries = jdbi.onDemand(SandboxEmailQueries.class);

    private static SandboxEmailAdded added(String email, Instant at) {
        return new SandboxEmailAdded(ACCOUNT, email, at);
    }

    private static SandboxConfirmationSent sent(String email, String tokenHash, Instant at) {
        return new SandboxConfirmationSent(ACCOUNT, email, tokenHash, at, at.plus(Duration.ofHours(24)));
    }

    @Test
    void addedAddress_isPending_andListedInTheOrderAdded() {
        ledger.append(added("zed@x.test", T0), added("ann@x.test", T0.plusSeconds(1)));

        assertThat(queries.list("acct_a"))
                .extracting(SandboxEmailView::email)
                .containsExactly("zed@x.test", "ann@x.test");
        SandboxEmailView ann = queries.find("acct_a", "ann@x.test").orElseThrow();
        assertThat(ann.status()).isEqualTo("pending");
        assertThat(ann.confirmed()).isFalse();
        assertThat(ann.addedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(ann.confirmedAt()).isNull();
        assertThat(queries.list("acct_other")).isEmpty();
    }

    @Test
    void confirmationLink_findsItsAddress_untilANewLinkReplacesIt() {
        ledger.append(added("ann@x.test", T0), sent("ann@x.test", "hash-1", T0));
        assertThat(queries.findByTokenHash("hash-1"))
                .map(SandboxEmailView::email)
                .contains("ann@x.test");

        ledger.append(sent("ann@x.test", "hash-2", T0.plusSeconds(90)));

        assertThat(queries.findByTokenHash("hash-1")).isEmpty();
        SandboxEmailView ann = queries.findByTokenHash("hash-2").orElseThrow();
        assertThat(ann.lastSentAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(ann.tokenExpiresAt()).isEqualTo(T0.plusSeconds(90).plus(Duration.ofHours(24)));
    }

    @Test
    void confirmedAddress_isConfirmed_andItsLinkFindsNothingMore() {
        ledger.append(
                added("ann@x.test", T0),
                sent("ann@x.test", "hash-1", T0),
                new SandboxEmailConfirmed(ACCOUNT, "ann@x.test", T0.plusSeconds(30)));

        SandboxEmailView ann = queries.find("acct_a", "ann@x.test").orElseThrow();
        assertThat(ann.confirmed()).isTrue();
        assertThat(ann.confirmedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(ann.tokenExpiresAt()).isNull();
        assertThat(queries.findByTokenHash("hash-1")).isEmpty();
    }

    @Test
    void confirmedAmong_namesOnlyTheAccountsConfirmedAddresses() {
        ledger.append(
                added("ann@x.test", T0),
                new SandboxEmailConfirmed(ACCOUNT, "ann@x.test", T0),
                added("bob@x.test", T0),
                new SandboxEmailAdded(new AccountId("acct_b"), "cy@x.test", T0),
                new SandboxEmailConfirmed(new AccountId("acct_b"), "cy@x.test", T0));

        assertThat(SandboxEmailQueries.confirmedAmong(jdbi, "acct_a", Set.of("ann@x.test", "bob@x.test", "cy@x.test")))
                .containsExactly("ann@x.test");
    }

    @Test
    void addresses_compareByTheBareAddress_caseInsensitively() {
        ledger.append(
                added("Ann <Ann@X.test>", T0), new SandboxEmailConfirmed(ACCOUNT, "ann@x.TEST", T0.plusSeconds(5)));

        assertThat(queries.find("acct_a", "ann@x.test"))
                .map(SandboxEmailView::confirmed)
                .contains(true);
        assertThat(SandboxEmailQueries.confirmedAmong(jdbi, "acct_a", Set.of("ann@x.test")))
                .containsExactly("ann@x.test");
    }

    @Test
    void removedAddress_isGone_andAddedAgain_isPendingAgain() {
        ledger.append(
                added("ann@x.test", T0),
                new SandboxEmailConfirmed(ACCOUNT, "ann@x.test", T0),
                new SandboxEmailRemoved(ACCOUNT, "ann@x.test", T0.plusSeconds(10)));
        assertThat(queries.list("acct_a")).isEmpty();
        assertThat(SandboxEmailQueries.confirmedAmong(jdbi, "acct_a", Set.of("ann@x.test")))
                .isEmpty();

        ledger.append(added("ann@x.test", T0.plusSeconds(20)));

        SandboxEmailView ann = queries.find("acct_a", "ann@x.test").orElseThrow();
        assertThat(ann.status()).isEqualTo("pending");
        assertThat(ann.addedAt()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void reset_emptiesTheModel_forAReplay() {
        ledger.append(added("ann@x.test", T0));

        new SandboxEmailProjection(jdbi).reset();

        assertThat(queries.list("acct_a")).isEmpty();
    }

    @Test
    void replaysOfItsEvents_leaveTheTablesAsTheyAre() {
        ledger.append(
                added("ann@x.test", T0),
                sent("ann@x.test", "hash-1", T0),
                sent("ann@x.test", "hash-2", T0.plusSeconds(90)),
                new SandboxEmailConfirmed(ACCOUNT, "ann@x.test", T0.plusSeconds(100)),
                added("bob@x.test", T0.plusSeconds(200)),
                sent("bob@x.test", "hash-3", T0.plusSeconds(200)),
                new SandboxEmailRemoved(ACCOUNT, "bob@x.test", T0.plusSeconds(300)),
                added("bob@x.test", T0.plusSeconds(400)),
                sent("bob@x.test", "hash-4", T0.plusSeconds(400)),
                added("cy@x.test", T0.plusSeconds(500)),
                new SandboxEmailRemoved(ACCOUNT, "cy@x.test", T0.plusSeconds(600)));

        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }
}
