package dev.postject.projections.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.AccountSendingPaused;
import dev.postject.events.AccountSendingResumed;
import dev.postject.events.SendingReputationAtRisk;
import dev.postject.events.UserId;
import dev.postject.projections.testing.ReadModelDatabase;
import dev.postject.projections.testing.TestLedger;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An account's standing with the operators: its sending paused or not, and its latest reputation warning. */
class AccountStandingProjectionTest {
    @RegisterExtension
    static final ReadModelDatabase DATABASE = new ReadModelDatabase();

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_1");
    private final Jdbi jdbi = DATABASE.jdbi();
    private final TestLedger ledger = TestLedger.inTransaction(jdbi, new AccountProjection(jdbi));
    private final AccountQueries queries = jdbi.onDemand(AccountQueries.class);

    private void open(String id, Instant at) {
        ledger.append(
                new AccountOpened(new AccountId(id), "Name " + id, new UserId("usr_" + id), id + "@example.com", at));
    }

    private AccountView account() {
        return queries.find("acct_1").orElseThrow();
    }

    @Test
    void aNewAccount_sendsAndWasNeverWarned() {
        open("acct_1", T0);

        AccountView view = account();
        assertThat(view.sendingPaused()).isFalse();
        assertThat(view.pausedReason()).isNull();
        assertThat(view.pausedAt()).isNull();
        assertThat(view.atRisk()).isFalse();
        assertThat(view.riskMetric()).isNull();
        assertThat(view.riskRate()).isNull();
    }

    @Test
    void aPause_keepsItsReasonAndInstant_untilTheAccountIsResumed() {
        open("acct_1", T0);
        ledger.append(new AccountSendingPaused(ACCOUNT, "Bounce rate 12% on a purchased list", T0.plusSeconds(10)));

        assertThat(account().sendingPaused()).isTrue();
        assertThat(account().pausedReason()).isEqualTo("Bounce rate 12% on a purchased list");
        assertThat(account().pausedAt()).isEqualTo(T0.plusSeconds(10));

        ledger.append(new AccountSendingResumed(ACCOUNT, T0.plusSeconds(20)));

        assertThat(account().sendingPaused()).isFalse();
        assertThat(account().pausedReason()).isNull();
        assertThat(account().pausedAt()).isNull();
    }

    @Test
    void aReputationWarning_isShownWithItsMetricAndRate_andTheLatestOneWins() {
        open("acct_1", T0);
        ledger.append(new SendingReputationAtRisk(
                ACCOUNT, SendingReputationAtRisk.BOUNCE_RATE, 0.06, 0.05, 400, T0.plusSeconds(30)));

        AccountView view = account();
        assertThat(view.atRisk()).isTrue();
        assertThat(view.riskMetric()).isEqualTo("bounce_rate");
        assertThat(view.riskRate()).isEqualTo(0.06);
        assertThat(view.riskThreshold()).isEqualTo(0.05);
        assertThat(view.riskSends()).isEqualTo(400);
        assertThat(view.riskAt()).isEqualTo(T0.plusSeconds(30));

        ledger.append(new SendingReputationAtRisk(
                ACCOUNT, SendingReputationAtRisk.COMPLAINT_RATE, 0.004, 0.003, 1000, T0.plusSeconds(60)));

        assertThat(account().riskMetric()).isEqualTo("complaint_rate");
        assertThat(account().riskRate()).isEqualTo(0.004);
        assertThat(account().riskAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void theOperatorsFilters_listOnlyPausedOrOnlyWarnedAccounts_inOpeningOrder() {
        open("acct_a", T0);
        open("acct_b", T0.plusSeconds(1));
        open("acct_c", T0.plusSeconds(2));
        open("acct_d", T0.plusSeconds(3));
        ledger.append(
                new AccountSendingPaused(new AccountId("acct_d"), "abuse report", T0.plusSeconds(10)),
                new AccountSendingPaused(new AccountId("acct_b"), "abuse report", T0.plusSeconds(11)),
                new SendingReputationAtRisk(
                        new AccountId("acct_c"), SendingReputationAtRisk.BOUNCE_RATE, 0.1, 0.05, 200, T0),
                new SendingReputationAtRisk(
                        new AccountId("acct_b"), SendingReputationAtRisk.BOUNCE_RATE, 0.1, 0.05, 200, T0));

        assertThat(queries.page(null, true, false, 10))
                .extracting(AccountView::id)
                .containsExactly("acct_b", "acct_d");
        assertThat(queries.page("acct_b", true, false, 10))
                .extracting(AccountView::id)
                .containsExactly("acct_d");
        assertThat(queries.page(null, false, true, 10))
                .extracting(AccountView::id)
                .containsExactly("acct_b", "acct_c");
        assertThat(queries.page(null, true, true, 10))
                .extracting(AccountView::id)
                .containsExactly("acct_b");
        assertThat(queries.page(null, 10)).hasSize(4);
    }

    @Test
    void replaysOfItsEvents_leaveTheTablesAsTheyAre() {
        open("acct_1", T0);
        ledger.append(
                new SendingReputationAtRisk(ACCOUNT, SendingReputationAtRisk.BOUNCE_RATE, 0.06, 0.05, 400, T0),
                new AccountSendingPaused(ACCOUNT, "bounces", T0.plusSeconds(10)),
                new AccountSendingResumed(ACCOUNT, T0.plusSeconds(20)),
                new AccountSendingPaused(ACCOUNT, "bounces again", T0.plusSeconds(30)));

        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }
}
