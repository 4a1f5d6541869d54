package dev.postject.projections.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.AccountDefaultsChanged;
import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.EmailId;
import dev.postject.events.ProductionAccessApproved;
import dev.postject.events.ProductionAccessRejected;
import dev.postject.events.ProductionAccessRequested;
import dev.postject.events.SandboxSendSucceeded;
import dev.postject.events.UserId;
import dev.postject.events.WebhookCreated;
import dev.postject.events.WebhookDeleted;
import dev.postject.events.WebhookId;
import dev.postject.projections.testing.ReadModelDatabase;
import dev.postject.projections.testing.TestLedger;
import dev.postject.projections.webhooks.WebhookProjection;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccountProjectionTest {
    @RegisterExtension
    static final ReadModelDatabase DATABASE = new ReadModelDatabase();

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_1");
    private final Jdbi jdbi = DATABASE.jdbi();
    /** With the webhook endpoints, which the account's count of them reads. */
    private final TestLedger ledger =
            TestLedger.inTransaction(jdbi, new AccountProjection(jdbi), new WebhookProjection(jdbi));

    private final AccountQueries queries = jdbi.onDemand(AccountQueries.class);

    private void open(String id, Instant at) {
        ledger.append(
                new AccountOpened(new AccountId(id), "Name " + id, new UserId("usr_" + id), id + "@example.com", at));
    }

    private AccountView account() {
        return queries.find("acct_1").orElseThrow();
    }

    private static WebhookCreated webhook(String id, Instant at) {
        return new WebhookCreated(ACCOUNT, new WebhookId(id), "https://hooks.test/", List.of("email.delivered"), at);
    }

    @Test
    void openedAccount_startsInSandboxMode() {
        open("acct_1", T0);
        ledger.events().forEach(ledger::deliver);

        AccountView view = queries.find("acct_1").orElseThrow();
        assertThat(view.mode()).isEqualTo("sandbox");
        assertThat(view.ownerEmail()).isEqualTo("acct_1@example.com");
        assertThat(view.productionStatus()).isEqualTo("none");
        assertThat(view.sandboxDelivery()).isFalse();
        assertThat(view.webhooks()).isZero();
    }

    @Test
    void pages_runInOpeningOrder_fromTheGivenAccount() {
        open("acct_c", Instant.parse("2026-01-01T00:00:00Z"));
        open("acct_a", Instant.parse("2026-01-02T00:00:00Z"));
        open("acct_b", Instant.parse("2026-01-03T00:00:00Z"));

        assertThat(queries.page(null, 2)).extracting(AccountView::id).containsExactly("acct_c", "acct_a");
        assertThat(queries.page("acct_a", 2)).extracting(AccountView::id).containsExactly("acct_b");
    }

    @Test
    void firstSandboxDelivery_isRecorded_asAProductionPrerequisite() {
        open("acct_1", T0);
        ledger.append(new SandboxSendSucceeded(ACCOUNT, new EmailId("msg_1"), T0.plusSeconds(5)));

        assertThat(account().sandboxDelivery()).isTrue();
    }

    @Test
    void productionRequest_isPending_andListedOldestRequestFirst() {
        open("acct_1", T0);
        open("acct_2", T0);
        open("acct_3", T0);
        ledger.append(
                new ProductionAccessRequested(new AccountId("acct_2"), "receipts", null, T0.plusSeconds(10)),
                new ProductionAccessRequested(ACCOUNT, "password resets", "https://one.test", T0.plusSeconds(20)));

        AccountView view = account();
        assertThat(view.productionStatus()).isEqualTo("pending");
        assertThat(view.productionUseCase()).isEqualTo("password resets");
        assertThat(view.productionWebsite()).isEqualTo("https://one.test");
        assertThat(view.productionRequestedAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(view.mode()).isEqualTo("sandbox");
        assertThat(queries.byProductionStatus("pending", 10))
                .extracting(AccountView::id)
                .containsExactly("acct_2", "acct_1");
        assertThat(queries.byProductionStatus("pending", 1))
                .extracting(AccountView::id)
                .containsExactly("acct_2");
    }

    @Test
    void approvedRequest_putsTheAccountInProductionMode() {
        open("acct_1", T0);
        ledger.append(
                new ProductionAccessRequested(ACCOUNT, "receipts", null, T0.plusSeconds(10)),
                new ProductionAccessApproved(ACCOUNT, T0.plusSeconds(20)));

        AccountView view = account();
        assertThat(view.mode()).isEqualTo("production");
        assertThat(view.productionStatus()).isEqualTo("approved");
        assertThat(view.productionDecidedAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(queries.byProductionStatus("pending", 10)).isEmpty();
        assertThat(queries.byProductionStatus("approved", 10))
                .extracting(AccountView::id)
                .containsExactly("acct_1");
    }

    @Test
    void rejectedRequest_keepsItsReason_untilTheNextRequest() {
        open("acct_1", T0);
        ledger.append(
                new ProductionAccessRequested(ACCOUNT, "receipts", null, T0.plusSeconds(10)),
                new ProductionAccessRejected(ACCOUNT, "Tell us more.", T0.plusSeconds(20)));

        assertThat(account().productionStatus()).isEqualTo("rejected");
        assertThat(account().productionReason()).isEqualTo("Tell us more.");
        assertThat(account().productionDecidedAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(account().mode()).isEqualTo("sandbox");

        ledger.append(new ProductionAccessRequested(ACCOUNT, "receipts, really", null, T0.plusSeconds(30)));

        assertThat(account().productionStatus()).isEqualTo("pending");
        assertThat(account().productionReason()).isNull();
        assertThat(account().productionDecidedAt()).isNull();
    }

    @Test
    void defaults_areTheLatestChange() {
        open("acct_1", T0);
        ledger.append(
                new AccountDefaultsChanged(ACCOUNT, true, true, T0.plusSeconds(1)),
                new AccountDefaultsChanged(ACCOUNT, true, false, T0.plusSeconds(2)));

        assertThat(account().trackOpens()).isTrue();
        assertThat(account().trackClicks()).isFalse();
    }

    @Test
    void webhookCount_isHowManyEndpointsTheAccountHas_howeverOftenTheirEventsArrive() {
        open("acct_1", T0);
        ledger.append(
                webhook("whk_1", T0),
                webhook("whk_2", T0),
                webhook("whk_3", T0),
                new WebhookDeleted(ACCOUNT, new WebhookId("whk_2"), T0.plusSeconds(1)));
        assertThat(account().webhooks()).isEqualTo(2);

        ledger.events().forEach(ledger::deliver);

        assertThat(account().webhooks()).isEqualTo(2);
    }

    @Test
    void reset_emptiesTheModel_forAReplay() {
        open("acct_1", T0);

        new AccountProjection(jdbi).reset();

        assertThat(queries.find("acct_1")).isEmpty();
    }

    @Test
    void replaysOfItsEvents_leaveTheTablesAsTheyAre() {
        open("acct_1", T0);
        open("acct_2", T0.plusSeconds(1));
        ledger.append(
                new AccountDefaultsChanged(ACCOUNT, true, true, T0.plusSeconds(2)),
                webhook("whk_1", T0.plusSeconds(3)),
                webhook("whk_2", T0.plusSeconds(4)),
                new WebhookDeleted(ACCOUNT, new WebhookId("whk_1"), T0.plusSeconds(5)),
                new SandboxSendSucceeded(ACCOUNT, new EmailId("msg_1"), T0.plusSeconds(6)),
                new ProductionAccessRequested(ACCOUNT, "receipts", null, T0.plusSeconds(7)),
                new ProductionAccessRejected(ACCOUNT, "Tell us more.", T0.plusSeconds(8)),
                new ProductionAccessRequested(ACCOUNT, "receipts, really", "https://one.test", T0.plusSeconds(9)),
                new ProductionAccessApproved(ACCOUNT, T0.plusSeconds(10)),
                new ProductionAccessRequested(new AccountId("acct_2"), "alerts", null, T0.plusSeconds(11)));

        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }
}
