package dev.postject.projections.domains;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.AccountId;
import dev.postject.events.DomainAdded;
import dev.postject.events.DomainId;
import dev.postject.events.DomainRemoved;
import dev.postject.events.DomainVerificationLost;
import dev.postject.events.DomainVerified;
import dev.postject.projections.testing.ReadModelDatabase;
import dev.postject.projections.testing.TestLedger;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DomainProjectionTest {
    @RegisterExtension
    static final ReadModelDatabase DATABASE = new ReadModelDatabase();

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_a");
    private final Jdbi jdbi = DATABASE.jdbi();
    private final TestLedger ledger = TestLedger.inTransaction(jdbi, new DomainProjection(jdbi));
    private final DomainQueries queries = jdbi.onDemand(DomainQueries.class);

    private static DomainAdded added(AccountId account, String id, String name, Instant at) {
        return new DomainAdded(account, new DomainId(id), name, "token-" + id, "pj1", "key-" + id, at);
    }

    private static DomainVerified verified(String id, String name, Instant at) {
        return new DomainVerified(ACCOUNT, new DomainId(id), name, at);
    }

    @Test
    void addedDomain_isPending_withTheRecordsToPublish_andListedInTheOrderAdded() {
        ledger.append(
                added(ACCOUNT, "dom_2", "b.test", T0),
                added(ACCOUNT, "dom_1", "a.test", T0.plusSeconds(1)),
                added(new AccountId("acct_b"), "dom_3", "c.test", T0));

        assertThat(queries.list("acct_a")).extracting(DomainView::id).containsExactly("dom_2", "dom_1");
        assertThat(queries.find("acct_a", "dom_1"))
                .contains(new DomainView(
                        "dom_1",
                        "acct_a",
                        "a.test",
                        "pending",
                        "token-dom_1",
                        "pj1",
                        "key-dom_1",
                        T0.plusSeconds(1),
                        null));
        assertThat(queries.find("acct_a", "dom_3"))
                .as("another account's domain")
                .isEmpty();
        assertThat(queries.verified("acct_a", "a.test")).isEmpty();
        assertThat(queries.hasVerified("acct_a")).isFalse();
    }

    @Test
    void verifiedDomain_isFoundAsTheAccountsSender() {
        ledger.append(added(ACCOUNT, "dom_1", "a.test", T0), verified("dom_1", "a.test", T0.plusSeconds(60)));

        DomainView domain = queries.verified("acct_a", "a.test").orElseThrow();
        assertThat(domain.status()).isEqualTo("verified");
        assertThat(domain.verifiedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(queries.hasVerified("acct_a")).isTrue();
        assertThat(queries.verified("acct_b", "a.test")).isEmpty();
        assertThat(queries.hasVerified("acct_b")).isFalse();
    }

    @Test
    void domainWhoseRecordsAreGone_isPendingAgain() {
        ledger.append(
                added(ACCOUNT, "dom_1", "a.test", T0),
                verified("dom_1", "a.test", T0.plusSeconds(60)),
                new DomainVerificationLost(
                        ACCOUNT, new DomainId("dom_1"), "a.test", "no DKIM record", T0.plusSeconds(120)));

        DomainView domain = queries.find("acct_a", "dom_1").orElseThrow();
        assertThat(domain.status()).isEqualTo("pending");
        assertThat(domain.verifiedAt()).isNull();
        assertThat(queries.verified("acct_a", "a.test")).isEmpty();
        assertThat(queries.hasVerified("acct_a")).isFalse();
    }

    @Test
    void removedDomain_isGone_andItsNameMayBeAddedAgain() {
        ledger.append(
                added(ACCOUNT, "dom_1", "a.test", T0),
                verified("dom_1", "a.test", T0),
                new DomainRemoved(ACCOUNT, new DomainId("dom_1"), "a.test", T0.plusSeconds(10)),
                added(ACCOUNT, "dom_2", "a.test", T0.plusSeconds(20)));

        assertThat(queries.list("acct_a")).extracting(DomainView::id).containsExactly("dom_2");
        assertThat(queries.verified("acct_a", "a.test")).isEmpty();
    }

    @Test
    void named_findsEveryAccountsDomainOfThatName_pendingOrVerified() {
        ledger.append(
                added(ACCOUNT, "dom_1", "a.test", T0),
                verified("dom_1", "a.test", T0),
                added(new AccountId("acct_b"), "dom_2", "a.test", T0.plusSeconds(1)),
                added(ACCOUNT, "dom_3", "other.test", T0));

        assertThat(queries.named("a.test")).extracting(DomainView::id).containsExactly("dom_1", "dom_2");
        assertThat(queries.named("none.test")).isEmpty();
    }

    @Test
    void verifiedPage_walksEveryVerifiedDomain_byId() {
        ledger.append(
                added(ACCOUNT, "dom_3", "c.test", T0),
                verified("dom_3", "c.test", T0),
                added(ACCOUNT, "dom_1", "a.test", T0),
                verified("dom_1", "a.test", T0),
                added(ACCOUNT, "dom_2", "b.test", T0),
                added(new AccountId("acct_b"), "dom_4", "d.test", T0),
                new DomainVerified(new AccountId("acct_b"), new DomainId("dom_4"), "d.test", T0));

        assertThat(queries.verifiedPage(null, 2)).extracting(DomainView::id).containsExactly("dom_1", "dom_3");
        assertThat(queries.verifiedPage("dom_3", 2)).extracting(DomainView::id).containsExactly("dom_4");
        assertThat(queries.verifiedPage("dom_4", 2)).isEmpty();
    }

    @Test
    void reset_emptiesTheModel_forAReplay() {
        ledger.append(added(ACCOUNT, "dom_1", "a.test", T0));

        new DomainProjection(jdbi).reset();

        assertThat(queries.list("acct_a")).isEmpty();
    }

    @Test
    void replaysOfItsEvents_leaveTheTablesAsTheyAre() {
        ledger.append(
                added(ACCOUNT, "dom_1", "a.test", T0),
                verified("dom_1", "a.test", T0.plusSeconds(60)),
                new DomainVerificationLost(
                        ACCOUNT, new DomainId("dom_1"), "a.test", "no DKIM record", T0.plusSeconds(120)),
                added(ACCOUNT, "dom_2", "b.test", T0.plusSeconds(130)),
                verified("dom_2", "b.test", T0.plusSeconds(140)),
                new DomainRemoved(ACCOUNT, new DomainId("dom_2"), "b.test", T0.plusSeconds(150)),
                added(ACCOUNT, "dom_3", "b.test", T0.plusSeconds(160)),
                verified("dom_1", "a.test", T0.plusSeconds(170)));

        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }
}
