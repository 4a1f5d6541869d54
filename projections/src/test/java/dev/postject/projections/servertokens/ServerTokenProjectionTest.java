package dev.postject.projections.servertokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.AccountId;
import dev.postject.events.ServerTokenCreated;
import dev.postject.events.ServerTokenExpired;
import dev.postject.events.ServerTokenId;
import dev.postject.events.ServerTokenRevoked;
import dev.postject.projections.testing.ReadModelDatabase;
import dev.postject.projections.testing.TestLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerTokenProjectionTest {
    @RegisterExtension
    static final ReadModelDatabase DATABASE = new ReadModelDatabase();

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Jdbi jdbi = DATABASE.jdbi();
    private final ServerTokenProjection projection = new ServerTokenProjection(jdbi);
    private final TestLedger ledger = TestLedger.inTransaction(jdbi, projection);
    private final ServerTokenQueries queries = jdbi.onDemand(ServerTokenQueries.class);

    private static ServerTokenCreated created(String account, String token, Instant expiresAt, String... networks) {
        return new ServerTokenCreated(
                new AccountId(account),
                new ServerTokenId(token),
                "name-" + token,
                "hash-" + token,
                "hint",
                T0,
                expiresAt,
                List.of(networks));
    }

    private static ServerTokenRevoked revoked(String account, String token, Instant at) {
        return new ServerTokenRevoked(new AccountId(account), new ServerTokenId(token), at);
    }

    @Test
    void createdToken_isFoundByItsHashAndItsId_withItsNetworks_andListedAsActive() {
        ledger.append(created("acct_a", "stk_1", null, "10.1.0.0/16", "2001:db8::/32"));

        ServerTokenView view = queries.findByHash("hash-stk_1").orElseThrow();
        assertThat(view.id()).isEqualTo("stk_1");
        assertThat(view.accountId()).isEqualTo("acct_a");
        assertThat(view.allowedNetworks()).containsExactly("10.1.0.0/16", "2001:db8::/32");
        assertThat(view.isActiveAt(T0.plus(Duration.ofDays(9999)))).isTrue();
        assertThat(queries.find("acct_a", "stk_1")).contains(view);
        assertThat(queries.listActive("acct_a", T0)).containsExactly(view);
        assertThat(queries.listActive("acct_b", T0)).isEmpty();
        assertThat(queries.find("acct_b", "stk_1")).as("another account's").isEmpty();
    }

    @Test
    void revokedToken_isNoLongerActive_norListed_norAmongTheNetworkTokens() {
        ledger.append(created("acct_a", "stk_1", null, "10.1.0.0/16"), revoked("acct_a", "stk_1", T0.plusSeconds(5)));

        assertThat(queries.findByHash("hash-stk_1").orElseThrow().isActiveAt(T0.plusSeconds(6)))
                .isFalse();
        assertThat(queries.listActive("acct_a", T0.plusSeconds(6))).isEmpty();
        assertThat(queries.withNetworks(T0.plusSeconds(6))).isEmpty();
    }

    @Test
    void tokenPastItsExpiry_isInactive_andDueForExpiry_untilTheLedgerRecordsIt() {
        Instant expiry = T0.plus(Duration.ofDays(1));
        ledger.append(created("acct_a", "stk_1", expiry, "10.1.0.0/16"), created("acct_a", "stk_2", null));

        assertThat(queries.listActive("acct_a", expiry.minusSeconds(1))).hasSize(2);
        assertThat(queries.listActive("acct_a", expiry))
                .extracting(ServerTokenView::id)
                .containsExactly("stk_2");
        assertThat(queries.withNetworks(expiry)).isEmpty();
        assertThat(queries.dueForExpiry(expiry, 10))
                .extracting(ServerTokenView::id)
                .containsExactly("stk_1");

        ledger.append(new ServerTokenExpired(new AccountId("acct_a"), new ServerTokenId("stk_1"), expiry));

        assertThat(queries.dueForExpiry(expiry.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void networkTokens_areTheActiveTokensOfEveryAccountThatNameNetworks() {
        ledger.append(
                created("acct_a", "stk_1", null, "10.1.0.0/16"),
                created("acct_a", "stk_2", null),
                created("acct_b", "stk_3", null, "192.0.2.0/24"));

        assertThat(queries.withNetworks(T0)).extracting(ServerTokenView::id).containsExactly("stk_1", "stk_3");
    }

    @Test
    void networksClaimedByAnotherAccount_areThoseOverlappingItsActiveTokens_eitherWay() {
        ledger.append(
                created("acct_a", "stk_1", null, "10.1.0.0/16", "2001:db8:1::/48"),
                created("acct_a", "stk_2", null, "192.0.2.0/24"),
                revoked("acct_a", "stk_2", T0));

        String[] wanted = {"10.1.2.0/24", "10.0.0.0/8", "10.2.0.0/16", "2001:db8::/32", "192.0.2.0/24"};
        assertThat(queries.claimedByOthers("acct_b", wanted, T0))
                .as("within, around, beside; IPv6; a revoked token's network is free")
                .containsExactly("10.0.0.0/8", "10.1.2.0/24", "2001:db8::/32");
        assertThat(queries.claimedByOthers("acct_a", wanted, T0)).as("its own").isEmpty();
    }

    @Test
    void usage_keepsTheLatestTime() {
        ledger.append(created("acct_a", "stk_1", null));

        queries.recordUsage(List.of("stk_1"), List.of(T0.plusSeconds(20)));
        queries.recordUsage(List.of("stk_1"), List.of(T0.plusSeconds(10)));

        assertThat(queries.find("acct_a", "stk_1").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void reset_emptiesTheModel_forAReplay() {
        ledger.append(created("acct_a", "stk_1", null));

        projection.reset();

        assertThat(queries.findByHash("hash-stk_1")).isEmpty();
    }

    @Test
    void replaysOfItsEvents_leaveTheTablesAsTheyAre() {
        ledger.append(
                created("acct_a", "stk_1", null, "10.1.0.0/16"),
                created("acct_a", "stk_2", T0.plus(Duration.ofDays(1))),
                revoked("acct_a", "stk_1", T0.plusSeconds(5)),
                new ServerTokenExpired(
                        new AccountId("acct_a"), new ServerTokenId("stk_2"), T0.plus(Duration.ofDays(1))),
                created("acct_b", "stk_3", null, "2001:db8::/32"));

        ledger.assertReplaysLeaveTheTablesAsTheyAre();
    }
}
