package dev.postject.projections.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.AccountId;
import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyExpired;
import dev.postject.events.ApiKeyId;
import dev.postject.events.ApiKeyRevoked;
import dev.postject.events.DomainId;
import dev.postject.projections.testing.ReadModelDatabase;
import dev.postject.projections.testing.TestLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiKeyProjectionTest {
    @RegisterExtension
    static final ReadModelDatabase DATABASE = new ReadModelDatabase();

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Jdbi jdbi = DATABASE.jdbi();
    private final ApiKeyProjection projection = new ApiKeyProjection(jdbi);
    private final TestLedger ledger = TestLedger.inTransaction(jdbi, projection);
    private final ApiKeyQueries queries = jdbi.onDemand(ApiKeyQueries.class);

    private static ApiKeyCreated created(String account, String key, Instant expiresAt) {
        return new ApiKeyCreated(
                new AccountId(account),
                new ApiKeyId(key),
                "name-" + key,
                "hash-" + key,
                "hint",
                T0,
                expiresAt,
                ApiKeyCreated.FULL_ACCESS,
                null,
                null);
    }

    @Test
    void createdKey_isFoundByItsHash_andListedAsActive() {
        ledger.append(created("acct_a", "key_1", null));

        ApiKeyView view = queries.findByHash("hash-key_1").orElseThrow();
        assertThat(view.id()).isEqualTo("key_1");
        assertThat(view.accountId()).isEqualTo("acct_a");
        assertThat(view.isActiveAt(T0.plus(Duration.ofDays(9999)))).isTrue();
        assertThat(queries.listActive("acct_a", T0)).extracting(ApiKeyView::id).containsExactly("key_1");
        assertThat(queries.listActive("acct_b", T0)).isEmpty();
    }

    @Test
    void keysPermissionAndDomain_areInTheLookupModel_soAuthenticationReadsThemInTheSameRow() {
        ledger.append(created("acct_a", "key_1", null));
        ledger.append(new ApiKeyCreated(
                new AccountId("acct_a"),
                new ApiKeyId("key_2"),
                "sender",
                "hash-key_2",
                "hint",
                T0,
                null,
                ApiKeyCreated.SENDING_ACCESS,
                new DomainId("dom_1"),
                "acme.test"));

        ApiKeyView full = queries.findByHash("hash-key_1").orElseThrow();
        assertThat(full.permission()).isEqualTo("full_access");
        assertThat(full.sendingOnly()).isFalse();
        assertThat(full.domainId()).isNull();
        ApiKeyView sending = queries.findByHash("hash-key_2").orElseThrow();
        assertThat(sending.permission()).isEqualTo("sending_access");
        assertThat(sending.sendingOnly()).isTrue();
        assertThat(sending.domainId()).isEqualTo("dom_1");
        assertThat(sending.domain()).isEqualTo("acme.test");
        assertThat(queries.find("acct_a", "key_2").orElseThrow()).isEqualTo(sending);
    }

    @Test
    void revokedKey_isNoLongerActive_norListed() {
        ledger.append(created("acct_a", "key_1", null));
        ledger.append(new ApiKeyRevoked(new AccountId("acct_a"), new ApiKeyId("key_1"), T0.plusSeconds(5)));

        assertThat(queries.findByHash("hash-key_1").orElseThrow().isActiveAt(T0.plusSeconds(6)))
                .isFalse();
        assertThat(queries.listActive("acct_a", T0.plusSeconds(6))).isEmpty();
    }

    @Test
    void keyPastItsExpiry_isInactive_andDueForExpiry_untilTheLedgerRecordsIt() {
        Instant expiry = T0.plus(Duration.ofDays(1));
        ledger.append(created("acct_a", "key_1", expiry));
        ledger.append(created("acct_a", "key_2", null));

        assertThat(queries.listActive("acct_a", expiry.minusSeconds(1))).hasSize(2);
        assertThat(queries.listActive("acct_a", expiry))
                .extracting(ApiKeyView::id)
                .containsExactly("key_2");
        assertThat(queries.findByHash("hash-key_1").orElseThrow().isActiveAt(expiry))
                .isFalse();
        assertThat(queries.dueForExpiry(expiry, 10)).extracting(ApiKeyView::id).containsExactly("key_1");

        ledger.append(new ApiKeyExpired(new AccountId("acct_a"), new ApiKeyId("key_1"), expiry));

        assertThat(queries.dueForExpiry(expiry.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void replayingTheSameEvents_leavesTheSameModel() {
        ledger.append(
                created("acct_a", "key_1", null),
                new ApiKeyRevoked(new AccountId("acct_a"), new ApiKeyId("key_1"), T0.plusSeconds(5)),
                created("acct_a", "key_2", null));
        ledger.events().forEach(ledger::deliver);

        assertThat(queries.findByHash("hash-key_1").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(queries.listActive("acct_a", T0)).extracting(ApiKeyView::id).containsExactly("key_2");
    }

    @Test
    void reset_emptiesTheModel_forAReplay() {
        ledger.append(created("acct_a", "key_1", null));

        projection.reset();

        assertThat(queries.findByHash("hash-key_1")).isEmpty();
    }

    @Test
    void usage_keepsTheLatestTime() {
        ledger.append(created("acct_a", "key_1", null));

        queries.recordUsage(List.of("key_1"), List.of(T0.plusSeconds(20)));
        queries.recordUsage(List.of("key_1"), List.of(T0.plusSeconds(10)));

        assertThat(queries.find("acct_a", "key_1").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void replaysOfItsEvents_leaveTheTablesAsTheyAre() {
        ledger.append(
                created("acct_a", "key_1", null),
                created("acct_a", "key_2", T0.plus(Duration.ofDays(1))),
                new ApiKeyRevoked(new AccountId("acct_a"), new ApiKeyId("key_1"), T0.plusSeconds(5)),
                new ApiKeyExpired(new AccountId("acct_a"), new ApiKeyId("key_2"), T0.plus(Duration.ofDays(1))),
                created("acct_b", "key_3", null));

        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }
}
