package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.app.Api.Session;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two Postject nodes on one PostgreSQL: what one node changes, the other sees within a second. */
class TwoNodesTest {
    private static final String SECRET = "a-dashboard-secret-shared-by-both-nodes";
    private static PostjectApp nodeA;
    private static PostjectApp nodeB;

    @BeforeAll
    static void start() throws Exception {
        String database = TestPostgres.newDatabase();
        nodeA = PostjectApp.node(database, SECRET).withShippedLimits("confirmationsPerAddressPerMinute");
        nodeB = PostjectApp.node(database, SECRET).withShippedLimits("confirmationsPerAddressPerMinute");
        nodeA.start();
        nodeB.start();
    }

    @AfterAll
    static void stop() {
        nodeB.stop();
        nodeA.stop();
    }

    @Test
    void keyRevokedOnOneNode_failsOnTheOtherWithinOneSecond_evenThoughItWasCachedThere() {
        Session session = nodeA.api().signUp("two-nodes@example.com");
        JsonNode created = nodeA.api().createKey(session.token(), "{}");
        String key = created.get("key").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(nodeB.api().get("/v1/account", key).status()).isEqualTo(200);
        }

        assertThat(nodeA.api()
                        .delete("/v1/auth/api-keys/" + created.get("id").asText(), session.token())
                        .status())
                .isEqualTo(204);

        assertThat(nodeA.api().get("/v1/account", key).status()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> nodeB.api().get("/v1/account", key).status() == 401);
    }

    @Test
    void serverTokenRevokedOnOneNode_failsOnTheOtherWithinOneSecond_evenThoughItWasCachedThere() {
        Session session = nodeA.api().signUp("two-nodes-token@example.com");
        JsonNode created = nodeA.api().createServerToken(session.token(), "{}");
        String token = created.get("token").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(nodeB.api().get("/v1/emails", token).status()).isEqualTo(200);
        }

        assertThat(nodeA.api()
                        .delete("/v1/server-tokens/" + created.get("id").asText(), session.token())
                        .status())
                .isEqualTo(204);

        assertThat(nodeA.api().get("/v1/emails", token).status()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> nodeB.api().get("/v1/emails", token).status() == 401);
    }

    @Test
    void limitsCountedOnOneNode_holdOnTheOther() {
        String first = nodeA.api()
                .createKey(nodeA.api().signUp("limits-a@example.com").token(), "{}")
                .get("key")
                .asText();
        String second = nodeB.api()
                .createKey(nodeB.api().signUp("limits-b@example.com").token(), "{}")
                .get("key")
                .asText();
        String address = "{\"email\":\"both-nodes@example.net\"}";
        assertThat(nodeA.api()
                        .post("/v1/account/sandbox-emails", first, address)
                        .status())
                .isEqualTo(201);

        Api.Reply again = nodeB.api().post("/v1/account/sandbox-emails", second, address);

        assertThat(again.status()).isEqualTo(429);
        assertThat(again.errorCode()).isEqualTo("too_many_confirmations_for_address");
        String wrong = Api.json(java.util.Map.of("email", "limits-a@example.com", "password", "wrong password"));
        for (int i = 0; i < 10; i++) {
            assertThat((i % 2 == 0 ? nodeA : nodeB)
                            .api()
                            .post("/v1/auth/login", null, wrong)
                            .status())
                    .isEqualTo(401);
        }
        assertThat(nodeB.api().post("/v1/auth/login", null, wrong).status()).isEqualTo(429);
    }

    @Test
    void sendingPausedOnOneNode_isRefusedOnTheOtherWithinOneSecond_evenThoughTheAccountWasCachedThere()
            throws Exception {
        Session session = nodeA.api().signUp("two-nodes-paused@example.com");
        String key = nodeA.api().createKey(session.token(), "{}").get("key").asText();
        String address = "paused-app@two-nodes.test";
        assertThat(nodeA.api()
                        .post("/v1/account/sandbox-emails", key, Api.json(java.util.Map.of("email", address)))
                        .status())
                .isEqualTo(201);
        // either node's worker may deliver the confirmation, into its own dev inbox
        String[] link = new String[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            for (PostjectApp node : java.util.List.of(nodeA, nodeB)) {
                for (JsonNode mail : node.api().get("/v1/dev/inbox", key).json().get("data")) {
                    java.util.regex.Matcher token = java.util.regex.Pattern.compile("token=([A-Za-z0-9]+)")
                            .matcher(mail.get("raw").asText().replace("=\r\n", ""));
                    if (token.find()) {
                        link[0] = token.group(1);
                    }
                }
            }
            return link[0] != null;
        });
        assertThat(Mailbox.openAndConfirm(nodeA.api(), link[0]).status()).isEqualTo(200);
        String email = Api.json(java.util.Map.of("from", address, "to", address, "subject", "Hi", "text", "Hi"));
        for (int i = 0; i < 2; i++) {
            assertThat(nodeB.api().post("/v1/emails", key, email).status()).isEqualTo(202);
        }
        // a delivery recorded on the account by whichever node delivered: node A's loaded account is
        // then behind the ledger, and must be forgotten there for the operator's pause to append
        await().atMost(Duration.ofSeconds(15))
                .until(() -> nodeB.api()
                        .get("/v1/account/production-access", key)
                        .json()
                        .get("prerequisites")
                        .get("sandboxDelivery")
                        .asBoolean());
        Cli.createAdmin("two-nodes-operator@postject.test", "operator password 1");
        String admin = nodeA.api()
                .post(
                        "/v1/auth/login",
                        null,
                        Api.json(java.util.Map.of(
                                "email", "two-nodes-operator@postject.test", "password", "operator password 1")))
                .json()
                .get("token")
                .asText();

        assertThat(nodeA.api()
                        .post(
                                "/v1/admin/accounts/" + session.accountId() + "/pause",
                                admin,
                                "{\"reason\":\"complaints\"}")
                        .status())
                .isEqualTo(200);

        assertThat(nodeA.api().post("/v1/emails", key, email).errorCode()).isEqualTo("sending_paused");
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> "sending_paused"
                        .equals(nodeB.api().post("/v1/emails", key, email).errorCode()));
        assertThat(nodeA.api()
                        .post("/v1/admin/accounts/" + session.accountId() + "/resume", admin, "")
                        .status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> nodeB.api().post("/v1/emails", key, email).status() == 202);
    }

    @Test
    void keysAndSessions_workOnEitherNode() {
        Session session = nodeB.api().signUp("either-node@example.com");
        String key = nodeB.api().createKey(session.token(), "{}").get("key").asText();

        assertThat(nodeA.api().get("/v1/account", key).status()).isEqualTo(200);
        assertThat(nodeA.api().get("/v1/auth/api-keys", session.token()).json().get("data"))
                .hasSize(1);
    }
}
