package dev.postject.projections.suppressions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.AccountId;
import dev.postject.events.EmailId;
import dev.postject.events.RecipientSuppressed;
import dev.postject.events.SuppressionRemoved;
import dev.postject.projections.testing.ReadModelDatabase;
import dev.postject.projections.testing.TestLedger;
import java.time.Instant;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SuppressionProjectionTest {
    @RegisterExtension
    static final ReadModelDatabase DATABASE = new ReadModelDatabase();

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_a");
    private final Jdbi jdbi = DATABASE.jdbi();
    private final TestLedger ledger = TestLedger.inTransaction(jdbi, new SuppressionProjection(jdbi));
    private final SuppressionQueries queries = jdbi.onDemand(SuppressionQueries.class);

    private static RecipientSuppressed suppressed(String email, String reason, String emailId, Instant at) {
        boolean bounce = reason.equals("hard_bounce");
        return new RecipientSuppressed(
                ACCOUNT,
                email,
                reason,
                emailId == null ? null : new EmailId(emailId),
                bounce ? "hard" : null,
                bounce ? "mailbox_unknown" : null,
                at);
    }

    @Test
    void suppressedAddress_isListed_newestFirst_withItsReasonEmailAndBounce() {
        ledger.append(
                suppressed("ann@x.test", "hard_bounce", "msg_1", T0),
                suppressed("bob@x.test", "manual", null, T0.plusSeconds(60)),
                new RecipientSuppressed(
                        ACCOUNT,
                        "cy@x.test",
                        "repeated_soft_bounces",
                        new EmailId("msg_9"),
                        "soft",
                        "mailbox_full",
                        T0.plusSeconds(120)));

        assertThat(queries.list("acct_a"))
                .containsExactly(
                        new SuppressionView(
                                "cy@x.test",
                                "repeated_soft_bounces",
                                "msg_9",
                                "soft",
                                "mailbox_full",
                                T0.plusSeconds(120)),
                        new SuppressionView("bob@x.test", "manual", null, null, null, T0.plusSeconds(60)),
                        new SuppressionView("ann@x.test", "hard_bounce", "msg_1", "hard", "mailbox_unknown", T0));
        assertThat(queries.list("acct_other")).isEmpty();
    }

    @Test
    void suppressedAmong_namesTheAccountsSuppressedAddresses_byTheirBareAddress() {
        ledger.append(
                suppressed("Ann <ANN@x.test>", "hard_bounce", "msg_1", T0),
                new RecipientSuppressed(new AccountId("acct_b"), "bob@x.test", "manual", null, null, null, T0));

        assertThat(SuppressionQueries.suppressedAmong(jdbi, "acct_a", Set.of("ann@x.test", "bob@x.test")))
                .containsExactly("ann@x.test");
    }

    @Test
    void removedSuppression_isGone_whateverItsSpelling() {
        ledger.append(
                suppressed("ann@x.test", "hard_bounce", "msg_1", T0),
                new SuppressionRemoved(ACCOUNT, "ANN@X.TEST", T0.plusSeconds(60)));

        assertThat(queries.list("acct_a")).isEmpty();
        assertThat(SuppressionQueries.suppressedAmong(jdbi, "acct_a", Set.of("ann@x.test")))
                .isEmpty();
    }

    @Test
    void reset_emptiesTheModel_forAReplay() {
        ledger.append(suppressed("ann@x.test", "hard_bounce", "msg_1", T0));

        new SuppressionProjection(jdbi).reset();

        assertThat(queries.list("acct_a")).isEmpty();
    }

    @Test
    void replaysOfItsEvents_leaveTheTablesAsTheyAre() {
        ledger.append(
                suppressed("ann@x.test", "hard_bounce", "msg_1", T0),
                suppressed("bob@x.test", "complaint", "msg_2", T0.plusSeconds(10)),
                new SuppressionRemoved(ACCOUNT, "ann@x.test", T0.plusSeconds(20)),
                suppressed("ann@x.test", "manual", null, T0.plusSeconds(30)),
                suppressed("cy@x.test", "hard_bounce", "msg_3", T0.plusSeconds(40)),
                new SuppressionRemoved(ACCOUNT, "cy@x.test", T0.plusSeconds(50)));

        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }
}
