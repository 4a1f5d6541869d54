package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.app.Api.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL limit a caller together: requests spread over both are counted
 * against one quota, never more than it per window and at most one lease chunk per other node
 * fewer ({@code LeasedQuotas}); both answer with the headers and, past the quota, 429.
 */
class RateLimitsTwoNodesTest {
    private static final String SECRET = "a-dashboard-secret-shared-by-both-rate-limited-nodes";
    private static final int PER_CREDENTIAL = 40;
    private static final int CHUNK = PER_CREDENTIAL / 10;
    private static PostjectApp nodeA;
    private static PostjectApp nodeB;

    @BeforeAll
    static void start() throws Exception {
        String database = TestPostgres.newDatabase();
        nodeA = PostjectApp.node(database, SECRET).withLimit("sandbox.requestsPerCredentialPerMinute", PER_CREDENTIAL);
        nodeB = PostjectApp.node(database, SECRET).withLimit("sandbox.requestsPerCredentialPerMinute", PER_CREDENTIAL);
        nodeA.start();
        nodeB.start();
    }

    @AfterAll
    static void stop() {
        nodeB.stop();
        nodeA.stop();
    }

    @Test
    void requestsSpreadOverBothNodes_atOnce_areLimitedTogether() {
        String key = nodeA.api()
                .createKey(
                        nodeA.api()
                                .signUp("spread-" + System.nanoTime() + "@example.com")
                                .token(),
                        "{}")
                .get("key")
                .asText();
        QuotaWindows.startNext(nodeA, nodeB);

        List<Reply> replies =
                Parallel.replies(100, i -> (i % 2 == 0 ? nodeA : nodeB).api().get("/v1/account", key));

        long accepted = replies.stream().filter(r -> r.status() == 200).count();
        assertThat(accepted)
                .as("at most the quota, at least the quota less one chunk held by the other node")
                .isLessThanOrEqualTo(PER_CREDENTIAL)
                .isGreaterThanOrEqualTo(PER_CREDENTIAL - CHUNK);
        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).isIn(200, 429);
            assertThat(reply.header("RateLimit-Policy")).contains("\"credential-requests\";q=40;w=60");
            assertThat(reply.header("RateLimit")).contains("\"credential-requests\";r=");
        });
        assertThat(replies)
                .filteredOn(reply -> reply.status() == 429)
                .hasSize(100 - (int) accepted)
                .allSatisfy(reply -> {
                    assertThat(reply.errorCode()).isEqualTo("too_many_requests");
                    assertThat(Long.parseLong(reply.header("Retry-After"))).isBetween(1L, 60L);
                });
    }

    @Test
    void aQuotaSpentOnOneNode_isRefusedOnTheOther() {
        String key = nodeA.api()
                .createKey(
                        nodeA.api()
                                .signUp("spent-" + System.nanoTime() + "@example.com")
                                .token(),
                        "{}")
                .get("key")
                .asText();
        QuotaWindows.startNext(nodeA, nodeB);
        List<Integer> onA = new ArrayList<>();
        for (int i = 0; i < PER_CREDENTIAL; i++) {
            onA.add(nodeA.api().get("/v1/account", key).status());
        }

        Reply onB = nodeB.api().get("/v1/account", key);

        assertThat(onA).containsOnly(200);
        assertThat(onB.status()).isEqualTo(429);
        assertThat(onB.header("RateLimit")).contains("\"credential-requests\";r=0;");
        assertThat(onB.header("Retry-After")).isNotNull();
    }
}
