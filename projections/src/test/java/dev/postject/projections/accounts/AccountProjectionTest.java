package dev.postject.projections.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.AccountId;
import dev.postject.events.AccountOpened;
import dev.postject.events.UserId;
import dev.postject.projections.testing.ReadModelDatabase;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class AccountProjectionTest {
    private final Jdbi jdbi = ReadModelDatabase.create();
    private final AccountProjection projection = new AccountProjection(jdbi);
    private final AccountQueries queries = jdbi.onDemand(AccountQueries.class);

    private void open(String id, Instant at) {
        projection.on(
                new AccountOpened(new AccountId(id), "Name " + id, new UserId("usr_" + id), id + "@example.com", at));
    }

    @Test
    void openedAccount_startsInSandboxMode() {
        open("acct_1", Instant.parse("2026-01-01T00:00:00Z"));
        open("acct_1", Instant.parse("2026-01-01T00:00:00Z"));

        AccountView view = queries.find("acct_1").orElseThrow();
        assertThat(view.mode()).isEqualTo("sandbox");
        assertThat(view.ownerEmail()).isEqualTo("acct_1@example.com");
    }

    @Test
    void pages_runInOpeningOrder_fromTheGivenAccount() {
        open("acct_c", Instant.parse("2026-01-01T00:00:00Z"));
        open("acct_a", Instant.parse("2026-01-02T00:00:00Z"));
        open("acct_b", Instant.parse("2026-01-03T00:00:00Z"));

        assertThat(queries.page(null, 2)).extracting(AccountView::id).containsExactly("acct_c", "acct_a");
        assertThat(queries.page("acct_a", 2)).extracting(AccountView::id).containsExactly("acct_b");
    }
}
