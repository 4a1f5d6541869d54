package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin port: health checks, and replays. Read models are projections of the ledger: wipe one,
 * replay it, and it is whole again.
 */
class OperatorToolsTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    private static Api api() {
        return APP.api();
    }

    private static Jdbi database() {
        return Jdbi.create(APP.databaseUrl(), TestPostgres.USER, "");
    }

    private static HttpResponse<String> admin(String path, HttpRequest.BodyPublisher post) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.adminPort() + path));
        if (post != null) {
            request.POST(post);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> replay(String name) throws Exception {
        return admin("/tasks/replay-projection?name=" + name, HttpRequest.BodyPublishers.noBody());
    }

    @Test
    void healthCheck_reportsTheDatabase_onTheAdminPort() throws Exception {
        HttpResponse<String> health = admin("/healthcheck", null);

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode checks = new ObjectMapper().readTree(health.body());
        assertThat(checks.get("postgres").get("healthy").asBoolean()).isTrue();
    }

    @Test
    void apiKeyModel_rebuiltFromTheLedger_hasEveryKeyInItsState() throws Exception {
        Session session = api().signUp("replay-keys@example.com");
        String kept = api().createKey(session.token(), "{\"name\":\"kept\"}")
                .get("key")
                .asText();
        JsonNode gone = api().createKey(session.token(), "{\"name\":\"gone\"}");
        api().delete("/v1/auth/api-keys/" + gone.get("id").asText(), session.token());
        database().useHandle(h -> h.execute("DELETE FROM rm_api_keys"));
        assertThat(api().get("/v1/auth/api-keys", session.token()).json().get("data"))
                .isEmpty();

        HttpResponse<String> response = replay("apikeys");

        assertThat(response.statusCode()).isEqualTo(200);
        Reply keys = api().get("/v1/auth/api-keys", session.token());
        assertThat(keys.json().get("data"))
                .extracting(k -> k.get("name").asText())
                .containsExactly("kept");
        assertThat(api().get("/v1/account", kept).status()).isEqualTo(200);
        assertThat(api().get("/v1/account", gone.get("key").asText()).status()).isEqualTo(401);
    }

    @Test
    void accountModel_rebuiltFromTheLedger_hasEveryAccount() throws Exception {
        Session session = api().signUp("replay-accounts@example.com");
        database().useHandle(h -> h.execute("UPDATE rm_accounts SET name = 'corrupted'"));

        assertThat(replay("accounts").statusCode()).isEqualTo(200);

        assertThat(api().get("/v1/account", session.token()).json().get("name").asText())
                .isEqualTo("Account of replay-accounts@example.com");
    }

    @Test
    void auditLog_rebuiltFromTheLedger_hasEveryEntryAgain() throws Exception {
        Session session = api().signUp("replay-audit@example.com");
        api().createKey(session.token(), "{}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api().get("/v1/account/audit-log", session.token())
                                .json()
                                .get("data")
                                .size()
                        == 2);
        String before = api().get("/v1/account/audit-log", session.token())
                .json()
                .get("data")
                .toString();
        database().useHandle(h -> h.execute("DELETE FROM rm_audit_log"));

        assertThat(replay("auditlog").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(api().get("/v1/account/audit-log", session.token())
                                .json()
                                .get("data")
                                .toString())
                        .isEqualTo(before));
    }

    @Test
    void unknownProjection_isRefused_andChangesNothing() throws Exception {
        HttpResponse<String> response = replay("nonsense");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body())
                .contains(
                        "No projection named 'nonsense'; known: [accounts, apikeys, auditlog, domains, emails, sandbox, servertokens, stats, suppressions, webhooks]");
    }

    @Test
    void everyReadModelTheLedgerFeeds_isListedByTheReplayTask_andRebuildsToTheSameAnswers() throws Exception {
        Session session = api().signUp("replay-everything@example.com");
        String key = api().createKey(session.token(), "{\"name\":\"all\"}")
                .get("key")
                .asText();
        api().post("/v1/account/sandbox-emails", key, Api.json(java.util.Map.of("email", "replayed@example.com")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api().get("/v1/account/audit-log", session.token())
                                .json()
                                .get("data")
                                .size()
                        == 4);
        String before = answers(session, key);

        HttpResponse<String> listing = admin("/tasks/replay-projection", HttpRequest.BodyPublishers.noBody());
        String[] names = listing.body()
                .strip()
                .substring("Name one projection: ?name=".length())
                .split("\\|");

        assertThat(names)
                .contains(
                        "accounts",
                        "apikeys",
                        "auditlog",
                        "domains",
                        "emails",
                        "sandbox",
                        "servertokens",
                        "stats",
                        "suppressions");
        for (String name : names) {
            assertThat(replay(name).body()).as(name).contains("Replayed " + name);
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(answers(session, key)).isEqualTo(before));
    }

    @Test
    void anEmailQueuedOfRevision1_inTheLedger_isReplayedThroughItsUpcaster_withTheSourceItHad() throws Exception {
        Session session = api().signUp("replay-revision1@example.com");
        String key = api().createKey(session.token(), "{}").get("key").asText();
        // Postject's own mail (the confirmation link) is an EmailQueued too
        api().post("/v1/account/sandbox-emails", key, Api.json(java.util.Map.of("email", "old@example.com")));
        Jdbi db = database();
        String emailId = db.withHandle(h -> h.createQuery("SELECT email_id FROM rm_emails WHERE account_id = :a")
                .bind("a", session.accountId())
                .mapTo(String.class)
                .one());
        // as it was stored before revision 2: no source
        int rewritten = db.withHandle(h -> h.createUpdate("UPDATE domainevententry SET payloadrevision = '1',"
                        + " payload = convert_to((convert_from(payload, 'UTF8')::jsonb - 'source')::text, 'UTF8')"
                        + " WHERE aggregateidentifier = :id AND payloadtype = 'dev.postject.events.EmailQueued'")
                .bind("id", emailId)
                .execute());
        db.useHandle(h -> h.execute("UPDATE rm_emails SET source = 'unknown' WHERE email_id = ?", emailId));

        HttpResponse<String> replayed = replay("emails");

        assertThat(rewritten).isEqualTo(1);
        assertThat(replayed.body()).contains("Replayed emails");
        String source = db.withHandle(h -> h.createQuery("SELECT source FROM rm_emails WHERE email_id = :id")
                .bind("id", emailId)
                .mapTo(String.class)
                .one());
        assertThat(source).isEqualTo("system");
    }

    @Test
    void anApiKeyCreatedOfRevision1_inTheLedger_isReplayedThroughItsUpcaster_asAFullAccessKey() throws Exception {
        Session session = api().signUp("replay-key-revision1@example.com");
        JsonNode created = api().createKey(session.token(), "{}");
        String key = created.get("key").asText();
        Jdbi db = database();
        // as it was stored before permissions: no permission, no domain
        int rewritten = db.withHandle(h -> h.createUpdate("UPDATE domainevententry SET payloadrevision = '1',"
                        + " payload = convert_to((convert_from(payload, 'UTF8')::jsonb - 'permission' - 'domainId'"
                        + " - 'domain')::text, 'UTF8')"
                        + " WHERE aggregateidentifier = :a AND payloadtype = 'dev.postject.events.ApiKeyCreated'")
                .bind("a", session.accountId())
                .execute());
        db.useHandle(h -> h.execute(
                "UPDATE rm_api_keys SET permission = 'sending_access' WHERE key_id = ?",
                created.get("id").asText()));

        HttpResponse<String> replayed = replay("apikeys");

        assertThat(rewritten).isEqualTo(1);
        assertThat(replayed.body()).contains("Replayed apikeys");
        JsonNode listed = api().get("/v1/auth/api-keys", session.token())
                .json()
                .get("data")
                .get(0);
        assertThat(listed.get("permission").asText()).isEqualTo("full_access");
        assertThat(listed.get("domainId").isNull()).isTrue();
        assertThat(api().get("/v1/domains", key).status()).as("full access").isEqualTo(200);
    }

    @Test
    void sideEffects_likeTheWebhookOutbox_areNeverReplayed() throws Exception {
        for (String effect : java.util.List.of(
                "webhook-outbox",
                "read-model-cache",
                "automation-suppress-bounced",
                "automation-suppress-complained")) {
            HttpResponse<String> response = replay(effect);

            assertThat(response.statusCode()).as(effect).isEqualTo(500);
            assertThat(response.body()).contains("No projection named '" + effect + "'");
        }
    }

    /**
     * What the account's own endpoints answer, read models and audit log together (with the
     * dashboard token; a key's last use is not in the ledger, so it is left out).
     */
    private static String answers(Session session, String key) {
        JsonNode keys = api().get("/v1/auth/api-keys", session.token()).json();
        keys.get("data").forEach(k -> ((com.fasterxml.jackson.databind.node.ObjectNode) k).remove("lastUsedAt"));
        return api().get("/v1/account", session.token()).json() + "\n"
                + keys + "\n"
                + api().get("/v1/account/sandbox-emails", session.token()).json() + "\n"
                + api().get("/v1/account/audit-log", session.token()).json();
    }
}
