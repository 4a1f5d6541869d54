package dev.postject.service.app;

import static dev.postject.service.app.KeyAccount.DOMAIN;
import static dev.postject.service.app.KeyAccount.OTHER;
import static dev.postject.service.app.KeyAccount.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * API key permissions over HTTP on the running app: a {@code full_access} key (the default) does
 * what keys always did; a {@code sending_access} key sends and reads only what it sent, and gets 403
 * {@code insufficient_scope} anywhere else; creation refuses what a key cannot be; the audit log
 * shows each key's permission. (Domain-limited keys: {@link ApiKeyDomainLimitTest}.)
 */
class ApiKeyPermissionsTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(1)
    static final TestDns DNS = new TestDns();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP =
            PostjectApp.relayingTo(SMTP::port, ConfigOverride.config("dns.servers", () -> "127.0.0.1:" + DNS.port()));

    private static KeyAccount keys;

    private static Api api() {
        return APP.api();
    }

    @BeforeAll
    static void anAccountWithTwoVerifiedDomains() {
        keys = KeyAccount.open(api(), SMTP, DNS, "permissions@example.com");
    }

    @AfterEach
    void revokeTheKeysMade() {
        keys.revokeMade();
    }

    @Test
    void eachKind_isAnsweredAtCreation_andListed_withItsPermissionAndDomain() {
        JsonNode full = keys.create("{\"name\":\"everything\"}");
        JsonNode explicitFull = keys.create("{\"name\":\"everything too\",\"permission\":\"full_access\"}");
        JsonNode sending = keys.create("{\"name\":\"any sender\",\"permission\":\"sending_access\"}");
        JsonNode byId = keys.create(
                Api.json(Map.of("name", "by id", "permission", "sending_access", "domainId", keys.domainId)));
        JsonNode byName =
                keys.create("{\"name\":\"by name\",\"permission\":\"sending_access\",\"domain\":\"PERM-Keys.test\"}");

        assertThat(full.get("permission").asText()).isEqualTo("full_access");
        assertThat(full.get("domainId").isNull()).isTrue();
        assertThat(full.get("domain").isNull()).isTrue();
        assertThat(full.get("key").asText()).startsWith("pt_live_");
        assertThat(explicitFull.get("permission").asText()).isEqualTo("full_access");
        assertThat(sending.get("permission").asText()).isEqualTo("sending_access");
        assertThat(sending.get("domainId").isNull()).isTrue();
        for (JsonNode limited : List.of(byId, byName)) {
            assertThat(limited.get("permission").asText()).isEqualTo("sending_access");
            assertThat(limited.get("domainId").asText()).isEqualTo(keys.domainId);
            assertThat(limited.get("domain").asText()).isEqualTo(DOMAIN);
        }

        Map<String, JsonNode> listed = new LinkedHashMap<>();
        api().get("/v1/auth/api-keys", keys.session.token())
                .json()
                .get("data")
                .forEach(key -> listed.put(key.get("id").asText(), key));
        assertThat(listed.get(full.get("id").asText()).get("permission").asText())
                .isEqualTo("full_access");
        assertThat(listed.get(sending.get("id").asText()).get("permission").asText())
                .isEqualTo("sending_access");
        JsonNode limited = listed.get(byName.get("id").asText());
        assertThat(limited.get("permission").asText()).isEqualTo("sending_access");
        assertThat(limited.get("domainId").asText()).isEqualTo(keys.domainId);
        assertThat(limited.get("domain").asText()).isEqualTo(DOMAIN);
        assertThat(limited.has("key")).as("a list never holds a key").isFalse();
    }

    @Test
    void aSendingKey_sendsOneOrABatch_andReadsOnlyTheEmailsItSent() {
        String key =
                keys.create("{\"permission\":\"sending_access\"}").get("key").asText();
        Reply one = keys.send(key, "shop@" + OTHER);
        assertThat(one.status()).as(one.toString()).isEqualTo(202);
        String mine = one.json().get("id").asText();
        Reply batch = keys.batch(key, "a@" + DOMAIN, "b@" + OTHER);
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        List<String> batched = new ArrayList<>();
        batch.json().get("data").forEach(item -> batched.add(item.get("id").asText()));
        String byFullKey =
                keys.send(keys.fullKey, "shop@" + DOMAIN).json().get("id").asText();

        assertThat(api().get("/v1/emails/" + mine, key).status()).isEqualTo(200);
        refused(api().get("/v1/emails/" + byFullKey, key), 404, "email_not_found");
        assertThat(ids(api().get("/v1/emails", key).json()))
                .containsExactlyInAnyOrder(mine, batched.get(0), batched.get(1));
        assertThat(ids(api().get("/v1/emails", keys.fullKey).json()))
                .as("a full-access key reads every email of the account")
                .contains(mine, byFullKey);
    }

    @Test
    void aSendingKey_isRefusedEverywhereButSending_withInsufficientScope_andChangesNothing() {
        JsonNode created = keys.create("{\"name\":\"sender\",\"permission\":\"sending_access\"}");
        String key = created.get("key").asText();
        int keysBefore = api().get("/v1/auth/api-keys", keys.session.token())
                .json()
                .get("data")
                .size();
        String webhook = "{\"url\":\"https://hooks.example.com/x\",\"events\":[\"email.delivered\"]}";

        List<Reply> refused = List.of(
                api().get("/v1/auth/api-keys", key),
                api().post("/v1/auth/api-keys", key, "{}"),
                api().post("/v1/auth/api-keys", key, "{\"permission\":\"full_access\"}"),
                api().delete("/v1/auth/api-keys/" + created.get("id").asText(), key),
                api().get("/v1/server-tokens", key),
                api().post("/v1/server-tokens", key, "{}"),
                api().get("/v1/domains", key),
                api().post("/v1/domains", key, "{\"name\":\"sneaky.test\"}"),
                api().delete("/v1/domains/" + keys.domainId, key),
                api().post("/v1/domains/" + keys.domainId + "/verify", key, ""),
                api().get("/v1/webhooks", key),
                api().post("/v1/webhooks", key, webhook),
                api().get("/v1/account", key),
                api().send(api().request("/v1/account", key)
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"trackOpens\":true}"))),
                api().get("/v1/account/audit-log", key),
                api().get("/v1/account/sandbox-emails", key),
                api().post("/v1/account/sandbox-emails", key, "{\"email\":\"new@perm-inbox.test\"}"),
                api().post("/v1/account/production-access", key, "{\"useCase\":\"x\",\"website\":\"https://x.test\"}"),
                api().get("/v1/suppressions", key),
                api().get("/v1/stats", key),
                api().get("/v1/admin/accounts", key));

        for (Reply reply : refused) {
            refused(reply, 403, "insufficient_scope");
            assertThat(reply.json().get("error").get("message").asText()).contains("sending access");
        }
        assertThat(api().get("/v1/auth/api-keys", keys.session.token()).json().get("data"))
                .as("no key made, none revoked")
                .hasSize(keysBefore);
        assertThat(api().get("/v1/webhooks", keys.fullKey).json().get("data")).isEmpty();
        assertThat(api().get("/v1/domains", keys.fullKey).json().get("data")).hasSize(2);
        assertThat(api().get("/v1/account", keys.fullKey)
                        .json()
                        .get("defaults")
                        .get("trackOpens")
                        .asBoolean())
                .isFalse();
        assertThat(keys.send(key, "shop@" + DOMAIN).status())
                .as("and it still sends")
                .isEqualTo(202);
    }

    @Test
    void creation_isRefused_422_forAnUnknownPermission_andAnyDomainItCannotBeLimitedTo_makingNoKey() {
        Session stranger = api().signUp("permissions-stranger@example.com");
        String theirs = keys.verifiedDomain(stranger.token(), "perm-stranger.test")
                .get("id")
                .asText();
        JsonNode pending = api().post("/v1/domains", keys.session.token(), "{\"name\":\"perm-pending.test\"}")
                .json();
        int before = api().get("/v1/auth/api-keys", keys.session.token())
                .json()
                .get("data")
                .size();

        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("{\"permission\":\"admin\"}", "invalid_permission");
        refusals.put("{\"permission\":\"SENDING_ACCESS\"}", "invalid_permission");
        refusals.put(
                "{\"permission\":\"sending_access\",\"domainId\":\"dom_NoSuchDomainAtAll0000\"}", "unknown_domain");
        refusals.put("{\"permission\":\"sending_access\",\"domainId\":\"" + theirs + "\"}", "unknown_domain");
        refusals.put("{\"permission\":\"sending_access\",\"domain\":\"perm-stranger.test\"}", "unknown_domain");
        refusals.put("{\"permission\":\"sending_access\",\"domain\":\"mail." + DOMAIN + "\"}", "unknown_domain");
        refusals.put(
                "{\"permission\":\"sending_access\",\"domainId\":\""
                        + pending.get("id").asText() + "\"}",
                "domain_not_verified");
        refusals.put(
                "{\"permission\":\"full_access\",\"domainId\":\"" + keys.domainId + "\"}",
                "domain_requires_sending_access");
        refusals.put("{\"domain\":\"" + DOMAIN + "\"}", "domain_requires_sending_access");
        refusals.put(
                "{\"permission\":\"sending_access\",\"domainId\":\"" + keys.domainId + "\",\"domain\":\"" + DOMAIN
                        + "\"}",
                "invalid_domain");
        refusals.forEach((body, code) -> {
            Reply reply = api().post("/v1/auth/api-keys", keys.session.token(), body);
            refused(reply, 422, code);
            assertThat(reply.json().get("error").has("field")).as(body).isTrue();
        });
        Reply unknownField = api().post("/v1/auth/api-keys", keys.session.token(), "{\"scopes\":[\"all\"]}");
        assertThat(unknownField.status()).isEqualTo(422);

        assertThat(api().get("/v1/auth/api-keys", keys.session.token()).json().get("data"))
                .as("no key made")
                .hasSize(before);
    }

    @Test
    void theAuditLog_showsEachKeysPermissionAndDomain_andWhoCreatedIt() {
        String sendingId = keys.create(
                        Api.json(Map.of("name", "audited", "permission", "sending_access", "domain", DOMAIN)))
                .get("id")
                .asText();

        JsonNode entry =
                await().atMost(Duration.ofSeconds(10)).until(() -> entryOf(sendingId), java.util.Objects::nonNull);
        JsonNode entries = api().get("/v1/account/audit-log?type=ApiKeyCreated&limit=100", keys.session.token())
                .json()
                .get("data");
        assertThat(entry.get("data").get("permission").asText()).isEqualTo("sending_access");
        assertThat(entry.get("data").get("domainId").asText()).isEqualTo(keys.domainId);
        assertThat(entry.get("data").get("domain").asText()).isEqualTo(DOMAIN);
        assertThat(entry.get("data").has("keyHash")).as("redacted").isFalse();
        assertThat(entry.get("actor").get("type").asText()).isEqualTo("user");
        List<String> permissions = new ArrayList<>();
        entries.forEach(e -> permissions.add(e.get("data").get("permission").asText()));
        assertThat(permissions).as("the account's first key, made with {}").contains("full_access");
    }

    /** The audit log's ApiKeyCreated entry of the key; null while the log has not caught up. */
    private static JsonNode entryOf(String keyId) {
        JsonNode entries = api().get("/v1/account/audit-log?type=ApiKeyCreated&limit=100", keys.session.token())
                .json()
                .get("data");
        for (JsonNode candidate : entries) {
            if (candidate.get("data").get("keyId").asText().equals(keyId)) {
                return candidate;
            }
        }
        return null;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(email -> ids.add(email.get("id").asText()));
        return ids;
    }
}
