package dev.postject.projections.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.AccountId;
import dev.postject.events.WebhookCreated;
import dev.postject.events.WebhookDeleted;
import dev.postject.events.WebhookDisabled;
import dev.postject.events.WebhookId;
import dev.postject.events.WebhookSecretRotated;
import dev.postject.events.WebhookUpdated;
import dev.postject.projections.testing.ReadModelDatabase;
import dev.postject.projections.testing.TestLedger;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookProjectionTest {
    @RegisterExtension
    static final ReadModelDatabase DATABASE = new ReadModelDatabase();

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AccountId ACCOUNT = new AccountId("acct_a");
    private static final WebhookId HOOK = new WebhookId("whk_1");
    private final Jdbi jdbi = DATABASE.jdbi();
    private final TestLedger ledger = TestLedger.inTransaction(jdbi, new WebhookProjection(jdbi));
    private final WebhookQueries queries = jdbi.onDemand(WebhookQueries.class);

    private static WebhookCreated created(AccountId account, String id, Instant at) {
        return new WebhookCreated(
                account, new WebhookId(id), "https://hooks.test/" + id, List.of("email.delivered"), at);
    }

    @Test
    void createdEndpoint_isEnabled_andListedInTheOrderCreated() {
        ledger.append(
                created(ACCOUNT, "whk_2", T0),
                created(ACCOUNT, "whk_1", T0.plusSeconds(1)),
                created(new AccountId("acct_b"), "whk_3", T0));

        assertThat(queries.list("acct_a")).extracting(WebhookView::id).containsExactly("whk_2", "whk_1");
        assertThat(queries.find("acct_a", "whk_1"))
                .contains(new WebhookView(
                        "whk_1",
                        "acct_a",
                        "https://hooks.test/whk_1",
                        List.of("email.delivered"),
                        true,
                        T0.plusSeconds(1),
                        T0.plusSeconds(1)));
        assertThat(queries.find("acct_a", "whk_3"))
                .as("another account's endpoint")
                .isEmpty();
    }

    @Test
    void updatedEndpoint_hasItsNewUrlTypesAndState() {
        ledger.append(
                created(ACCOUNT, "whk_1", T0),
                new WebhookUpdated(
                        ACCOUNT,
                        HOOK,
                        "https://new.test/in",
                        List.of("email.bounced", "email.opened"),
                        false,
                        T0.plusSeconds(60)));

        WebhookView hook = queries.find("acct_a", "whk_1").orElseThrow();
        assertThat(hook.url()).isEqualTo("https://new.test/in");
        assertThat(hook.eventTypes()).containsExactly("email.bounced", "email.opened");
        assertThat(hook.enabled()).isFalse();
        assertThat(hook.createdAt()).isEqualTo(T0);
        assertThat(hook.updatedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void disabledEndpoint_isKept_butNoLongerEnabled() {
        ledger.append(
                created(ACCOUNT, "whk_1", T0), new WebhookDisabled(ACCOUNT, HOOK, "410 Gone", T0.plusSeconds(60)));

        WebhookView hook = queries.find("acct_a", "whk_1").orElseThrow();
        assertThat(hook.enabled()).isFalse();
        assertThat(hook.updatedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void rotatedSecret_changesNothingHere() {
        ledger.append(created(ACCOUNT, "whk_1", T0));
        WebhookView before = queries.find("acct_a", "whk_1").orElseThrow();

        ledger.append(new WebhookSecretRotated(ACCOUNT, HOOK, T0.plusSeconds(60)));

        assertThat(queries.find("acct_a", "whk_1")).contains(before);
    }

    @Test
    void deletedEndpoint_isGone() {
        ledger.append(created(ACCOUNT, "whk_1", T0), new WebhookDeleted(ACCOUNT, HOOK, T0.plusSeconds(60)));

        assertThat(queries.list("acct_a")).isEmpty();
        assertThat(queries.find("acct_a", "whk_1")).isEmpty();
    }

    @Test
    void reset_emptiesTheModel_forAReplay() {
        ledger.append(created(ACCOUNT, "whk_1", T0));

        new WebhookProjection(jdbi).reset();

        assertThat(queries.list("acct_a")).isEmpty();
    }

    @Test
    void replaysOfItsEvents_leaveTheTablesAsTheyAre() {
        ledger.append(
                created(ACCOUNT, "whk_1", T0),
                new WebhookUpdated(
                        ACCOUNT, HOOK, "https://new.test/in", List.of("email.bounced"), true, T0.plusSeconds(10)),
                new WebhookSecretRotated(ACCOUNT, HOOK, T0.plusSeconds(20)),
                new WebhookDisabled(ACCOUNT, HOOK, "410 Gone", T0.plusSeconds(30)),
                created(ACCOUNT, "whk_2", T0.plusSeconds(40)),
                new WebhookDeleted(ACCOUNT, new WebhookId("whk_2"), T0.plusSeconds(50)),
                created(ACCOUNT, "whk_3", T0.plusSeconds(60)));

        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }
}
