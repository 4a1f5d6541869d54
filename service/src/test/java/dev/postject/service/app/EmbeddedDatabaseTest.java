package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The product default: no database configured, an embedded PostgreSQL in the data directory.
 * Data survives restarts; {@code create-admin} works beside the running service and without it.
 */
class EmbeddedDatabaseTest {

    @Test
    void keysAccountsAndAdmins_surviveARestart_andCreateAdminWorksWithTheServiceUpOrDown() throws Exception {
        Path dataDir = Files.createTempDirectory("postject-embedded");
        PostjectApp first = PostjectApp.embedded(dataDir);
        first.start();
        Session session;
        String activeKey;
        String revokedKey;
        try {
            session = first.api().signUp("durable@example.com");
            activeKey = first.api()
                    .createKey(session.token(), "{\"name\":\"stays\"}")
                    .get("key")
                    .asText();
            JsonNode revoked = first.api().createKey(session.token(), "{\"name\":\"goes\"}");
            revokedKey = revoked.get("key").asText();
            assertThat(first.api()
                            .delete("/v1/auth/api-keys/" + revoked.get("id").asText(), session.token())
                            .status())
                    .isEqualTo(204);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> first.api()
                                    .get("/v1/account/audit-log", session.token())
                                    .json()
                                    .get("data")
                                    .size()
                            == 4);

            Cli.createAdmin("admin-while-running@postject.test", "admin password 1");
            assertThat(logIn(first.api(), "admin-while-running@postject.test", "admin password 1"))
                    .isEqualTo(200);
        } finally {
            first.stop();
        }

        Cli.createAdmin(dataDir, "admin-while-stopped@postject.test", "admin password 2");
        assertThat(Files.readString(dataDir.resolve("postgres/postgresql.conf")))
                .isNotEmpty();

        PostjectApp second = PostjectApp.embedded(dataDir);
        second.start();
        try {
            Api api = second.api();
            assertThat(api.get("/v1/account", activeKey).status()).isEqualTo(200);
            assertThat(api.get("/v1/account", revokedKey).status()).isEqualTo(401);
            Reply keys = api.get("/v1/auth/api-keys", session.token());
            assertThat(keys.status())
                    .as("the dashboard token outlives the restart")
                    .isEqualTo(200);
            assertThat(keys.json().get("data"))
                    .extracting(k -> k.get("name").asText())
                    .containsExactly("stays");
            assertThat(api.get("/v1/account/audit-log", session.token()).json().get("data"))
                    .hasSize(4);
            assertThat(logIn(api, "admin-while-running@postject.test", "admin password 1"))
                    .isEqualTo(200);
            assertThat(logIn(api, "admin-while-stopped@postject.test", "admin password 2"))
                    .isEqualTo(200);
            assertThat(logIn(api, session.email(), Session.PASSWORD)).isEqualTo(200);
        } finally {
            second.stop();
        }
    }

    @Test
    void createAdmin_whereNoDatabaseIsYet_refusesAndCreatesNothing() throws Exception {
        Path elsewhere = Files.createTempDirectory("postject-other").resolve("data");

        assertThatThrownBy(() -> Cli.createAdmin(elsewhere, "admin-nowhere@postject.test", "admin password 3"))
                .isInstanceOf(Cli.CommandFailed.class)
                .rootCause()
                .hasMessageContaining("No Postject database in " + elsewhere)
                .hasMessageContaining("start the service first, or set the same POSTJECT_DATA_DIR");
        assertThat(elsewhere).doesNotExist();
    }

    private static int logIn(Api api, String email, String password) {
        return api.post("/v1/auth/login", null, Api.json(Map.of("email", email, "password", password)))
                .status();
    }
}
