package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.server.RawSmtp;
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
 * {@code insufficient_scope} anywhere else; a sending key limited to one verified domain sends only
 * from that domain, and nothing while the domain is not verified.
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

    static final String DOMAIN = "perm-keys.test";
    static final String OTHER = "perm-other.test";
    static final String TO = "ann@perm-inbox.test";

    private static Session session;
    private static String fullKey;
    private static String domainId;

    private static Api api() {
        return APP.api();
    }

    /** A sandbox account with two verified domains and a confirmed recipient. */
    @BeforeAll
    static void anAccountWithTwoVerifiedDomains() {
        session = api().signUp("permissions@example.com");
        fullKey = api().createKey(session.token(), "{}").get("key").asText();
        domainId = verifiedDomain(session.token(), DOMAIN).get("id").asText();
        verifiedDomain(session.token(), OTHER);
        Mailbox.confirm(api(), SMTP, fullKey, TO);
    }

    /** A domain added and verified against the test DNS; its create answer (with its DNS records). */
    static JsonNode verifiedDomain(String token, String name) {
        JsonNode added =
                api().post("/v1/domains", token, Api.json(Map.of("name", name))).json();
        publish(added);
        Reply verified = api().post("/v1/domains/" + added.get("id").asText() + "/verify", token, "");
        assertThat(verified.json().get("status").asText())
                .as(verified.toString())
                .isEqualTo("verified");
        return added;
    }

    static void publish(JsonNode domain) {
        domain.get("records")
                .forEach(r -> DNS.publish(r.get("name").asText(), r.get("value").asText()));
    }

    static void unpublish(JsonNode domain) {
        domain.get("records").forEach(r -> DNS.unpublish(r.get("name").asText()));
    }

    /** Keys a test made, revoked after it: an account holds at most 10 active keys. */
    private final List<String> made = new ArrayList<>();

    JsonNode create(String body) {
        JsonNode created = api().createKey(session.token(), body);
        made.add(created.get("id").asText());
        return created;
    }

    @AfterEach
    void revokeTheKeysMade() {
        made.forEach(id -> api().delete("/v1/auth/api-keys/" + id, session.token()));
    }

    static Reply send(String key, String from) {
        return api().post(
                        "/v1/emails",
                        key,
                        Api.json(Map.of("from", from, "to", TO, "subject", "Hello from " + from, "text", "Hi.")));
    }

    static void refused(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.errorCode()).as(reply.toString()).isEqualTo(code);
        assertThat(reply.json().get("error").get("message").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("pt_live_");
    }

    @Test
    void eachKind_isAnsweredAtCreation_andListed_withItsPermissionAndDomain() {
        JsonNode full = create("{\"name\":\"everything\"}");
        JsonNode explicitFull = create("{\"name\":\"everything too\",\"permission\":\"full_access\"}");
        JsonNode sending = create("{\"name\":\"any sender\",\"permission\":\"sending_access\"}");
        JsonNode byId = create(Api.json(Map.of("name", "by id", "permission", "sending_access", "domainId", domainId)));
        JsonNode byName =
                create("{\"name\":\"by name\",\"permission\":\"sending_access\",\"domain\":\"PERM-Keys.test\"}");

        assertThat(full.get("permission").asText()).isEqualTo("full_access");
        assertThat(full.get("domainId").isNull()).isTrue();
        assertThat(full.get("domain").isNull()).isTrue();
        assertThat(full.get("key").asText()).startsWith("pt_live_");
        assertThat(explicitFull.get("permission").asText()).isEqualTo("full_access");
        assertThat(sending.get("permission").asText()).isEqualTo("sending_access");
        assertThat(sending.get("domainId").isNull()).isTrue();
        for (JsonNode limited : List.of(byId, byName)) {
            assertThat(limited.get("permission").asText()).isEqualTo("sending_access");
            assertThat(limited.get("domainId").asText()).isEqualTo(domainId);
            assertThat(limited.get("domain").asText()).isEqualTo(DOMAIN);
        }

        Map<String, JsonNode> listed = new LinkedHashMap<>();
        api().get("/v1/auth/api-keys", session.token())
                .json()
                .get("data")
                .forEach(key -> listed.put(key.get("id").asText(), key));
        assertThat(listed.get(full.get("id").asText()).get("permission").asText())
                .isEqualTo("full_access");
        assertThat(listed.get(sending.get("id").asText()).get("permission").asText())
                .isEqualTo("sending_access");
        JsonNode limited = listed.get(byName.get("id").asText());
        assertThat(limited.get("permission").asText()).isEqualTo("sending_access");
        assertThat(limited.get("domainId").asText()).isEqualTo(domainId);
        assertThat(limited.get("domain").asText()).isEqualTo(DOMAIN);
        assertThat(limited.has("key")).as("a list never holds a key").isFalse();
    }

    @Test
    void aSendingKey_sendsOneOrABatch_andReadsOnlyTheEmailsItSent() {
        String key = create("{\"permission\":\"sending_access\"}").get("key").asText();
        Reply one = send(key, "shop@" + OTHER);
        assertThat(one.status()).as(one.toString()).isEqualTo(202);
        String mine = one.json().get("id").asText();
        Reply batch = api().post(
                        "/v1/emails/batch",
                        key,
                        "[" + Api.json(Map.of("from", "a@" + DOMAIN, "to", TO, "subject", "1", "text", "x")) + ","
                                + Api.json(Map.of("from", "b@" + OTHER, "to", TO, "subject", "2", "text", "x"))
                                + "]");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        List<String> batched = new ArrayList<>();
        batch.json().get("data").forEach(item -> batched.add(item.get("id").asText()));
        String byFullKey = send(fullKey, "shop@" + DOMAIN).json().get("id").asText();

        assertThat(api().get("/v1/emails/" + mine, key).status()).isEqualTo(200);
        refused(api().get("/v1/emails/" + byFullKey, key), 404, "email_not_found");
        assertThat(ids(api().get("/v1/emails", key).json()))
                .containsExactlyInAnyOrder(mine, batched.get(0), batched.get(1));
        assertThat(ids(api().get("/v1/emails", fullKey).json()))
                .as("a full-access key reads every email of the account")
                .contains(mine, byFullKey);
    }

    @Test
    void aSendingKey_isRefusedEverywhereButSending_withInsufficientScope_andChangesNothing() {
        JsonNode created = create("{\"name\":\"sender\",\"permission\":\"sending_access\"}");
        String key = created.get("key").asText();
        int keysBefore = api().get("/v1/auth/api-keys", session.token())
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
                api().delete("/v1/domains/" + domainId, key),
                api().post("/v1/domains/" + domainId + "/verify", key, ""),
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
        assertThat(api().get("/v1/auth/api-keys", session.token()).json().get("data"))
                .as("no key made, none revoked")
                .hasSize(keysBefore);
        assertThat(api().get("/v1/webhooks", fullKey).json().get("data")).isEmpty();
        assertThat(api().get("/v1/domains", fullKey).json().get("data")).hasSize(2);
        assertThat(api().get("/v1/account", fullKey)
                        .json()
                        .get("defaults")
                        .get("trackOpens")
                        .asBoolean())
                .isFalse();
        assertThat(send(key, "shop@" + DOMAIN).status())
                .as("and it still sends")
                .isEqualTo(202);
    }

    @Test
    void aDomainLimitedKey_sendsOnlyFromItsDomain_inAnyCase_andNotFromAnotherSubOrLookalikeOne() {
        String key = create(Api.json(Map.of("permission", "sending_access", "domainId", domainId)))
                .get("key")
                .asText();

        for (String from : List.of(
                "shop@" + DOMAIN,
                "Shop Team <shop@" + DOMAIN + ">",
                "SHOP@PERM-KEYS.TEST",
                "\"Ann, at shop\" <a@Perm-Keys.Test>")) {
            assertThat(send(key, from).status()).as(from).isEqualTo(202);
        }
        for (String from : List.of(
                "shop@" + OTHER,
                "shop@mail." + DOMAIN,
                "shop@" + DOMAIN + ".evil.test",
                "shop@keys.test",
                "\"shop@" + DOMAIN + "\" <shop@" + OTHER + ">",
                "Shop <SHOP@" + OTHER.toUpperCase() + ">")) {
            Reply reply = send(key, from);
            refused(reply, 403, "sender_domain_not_allowed");
            assertThat(reply.json().get("error").get("message").asText()).contains("@" + DOMAIN);
        }
        assertThat(send(fullKey, "shop@" + OTHER).status())
                .as("the account may send from it; the key may not")
                .isEqualTo(202);

        Reply batch = api().post(
                        "/v1/emails/batch",
                        key,
                        "[" + Api.json(Map.of("from", "a@" + DOMAIN, "to", TO, "subject", "1", "text", "x")) + ","
                                + Api.json(Map.of("from", "b@" + OTHER, "to", TO, "subject", "2", "text", "x"))
                                + "]");
        assertThat(batch.status()).isEqualTo(200);
        JsonNode items = batch.json().get("data");
        assertThat(items.get(0).get("id").asText()).startsWith("msg_");
        assertThat(items.get(1).get("error").get("code").asText()).isEqualTo("sender_domain_not_allowed");
    }

    @Test
    void creation_isRefused_422_forAnUnknownPermission_andAnyDomainItCannotBeLimitedTo_makingNoKey() {
        Session stranger = api().signUp("permissions-stranger@example.com");
        String theirs =
                verifiedDomain(stranger.token(), "perm-stranger.test").get("id").asText();
        JsonNode pending = api().post("/v1/domains", session.token(), "{\"name\":\"perm-pending.test\"}")
                .json();
        int before = api().get("/v1/auth/api-keys", session.token())
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
                "{\"permission\":\"full_access\",\"domainId\":\"" + domainId + "\"}", "domain_requires_sending_access");
        refusals.put("{\"domain\":\"" + DOMAIN + "\"}", "domain_requires_sending_access");
        refusals.put(
                "{\"permission\":\"sending_access\",\"domainId\":\"" + domainId + "\",\"domain\":\"" + DOMAIN + "\"}",
                "invalid_domain");
        refusals.forEach((body, code) -> {
            Reply reply = api().post("/v1/auth/api-keys", session.token(), body);
            refused(reply, 422, code);
            assertThat(reply.json().get("error").has("field")).as(body).isTrue();
        });
        Reply unknownField = api().post("/v1/auth/api-keys", session.token(), "{\"scopes\":[\"all\"]}");
        assertThat(unknownField.status()).isEqualTo(422);

        assertThat(api().get("/v1/auth/api-keys", session.token()).json().get("data"))
                .as("no key made")
                .hasSize(before);
    }

    @Test
    void whenItsDomainLosesVerification_theKeySendsNothing_untilItIsVerifiedAgain_andARemovedDomainNeverComesBack() {
        JsonNode flaky = verifiedDomain(session.token(), "perm-flaky.test");
        String flakyId = flaky.get("id").asText();
        String key = create(Api.json(Map.of("permission", "sending_access", "domainId", flakyId)))
                .get("key")
                .asText();
        assertThat(send(key, "shop@perm-flaky.test").status()).isEqualTo(202);

        unpublish(flaky);
        Reply lost = api().post("/v1/domains/" + flakyId + "/verify", session.token(), "");
        assertThat(lost.json().get("status").asText()).as(lost.toString()).isNotEqualTo("verified");
        refused(send(key, "shop@perm-flaky.test"), 403, "key_domain_not_verified");
        refused(send(key, "shop@" + DOMAIN), 403, "sender_domain_not_allowed");

        publish(flaky);
        api().post("/v1/domains/" + flakyId + "/verify", session.token(), "");
        assertThat(send(key, "shop@perm-flaky.test").status())
                .as("verified again")
                .isEqualTo(202);

        assertThat(api().delete("/v1/domains/" + flakyId, session.token()).status())
                .isEqualTo(204);
        refused(send(key, "shop@perm-flaky.test"), 403, "key_domain_not_verified");
        String readded =
                verifiedDomain(session.token(), "perm-flaky.test").get("id").asText();
        assertThat(readded).isNotEqualTo(flakyId);
        refused(send(key, "shop@perm-flaky.test"), 403, "key_domain_not_verified");
        assertThat(send(fullKey, "shop@perm-flaky.test").status()).isEqualTo(202);
    }

    @Test
    void theAuditLog_showsEachKeysPermissionAndDomain_andWhoCreatedIt() {
        String sendingId = create(Api.json(Map.of("name", "audited", "permission", "sending_access", "domain", DOMAIN)))
                .get("id")
                .asText();

        JsonNode entry =
                await().atMost(Duration.ofSeconds(10)).until(() -> entryOf(sendingId), java.util.Objects::nonNull);
        JsonNode entries = api().get("/v1/account/audit-log?type=ApiKeyCreated&limit=100", session.token())
                .json()
                .get("data");
        assertThat(entry.get("data").get("permission").asText()).isEqualTo("sending_access");
        assertThat(entry.get("data").get("domainId").asText()).isEqualTo(domainId);
        assertThat(entry.get("data").get("domain").asText()).isEqualTo(DOMAIN);
        assertThat(entry.get("data").has("keyHash")).as("redacted").isFalse();
        assertThat(entry.get("actor").get("type").asText()).isEqualTo("user");
        List<String> permissions = new ArrayList<>();
        entries.forEach(e -> permissions.add(e.get("data").get("permission").asText()));
        assertThat(permissions).as("the account's first key, made with {}").contains("full_access");
    }

    @Test
    void overSmtpSubmission_aSendingKeyAuthenticatesAndSends_butOneLimitedToADomain_sendsOnlyFromIt() throws Exception {
        String sending =
                create("{\"permission\":\"sending_access\"}").get("key").asText();
        String limited = create(Api.json(Map.of("permission", "sending_access", "domain", DOMAIN)))
                .get("key")
                .asText();
        Submitter submitter = new Submitter(APP);
        try (RawSmtp client = submitter.authenticated(sending)) {
            assertThat(submit(client, "shop@" + OTHER, "shop@" + OTHER)).startsWith("250 2.0.0 OK queued as msg_");
        }
        try (RawSmtp client = submitter.authenticated(limited)) {
            assertThat(submit(client, "shop@" + DOMAIN, "Shop <shop@" + DOMAIN + ">"))
                    .startsWith("250 2.0.0 OK queued as msg_");
            assertThat(client.send("MAIL FROM:<shop@" + OTHER + ">"))
                    .startsWith("550 5.7.1")
                    .contains("@" + DOMAIN);
            assertThat(client.send("RSET")).startsWith("250");
            assertThat(client.send("MAIL FROM:<bounces@mail." + DOMAIN + ">")).startsWith("550 5.7.1");
            assertThat(client.send("RSET")).startsWith("250");
            String reply = submit(client, "shop@" + DOMAIN, "\"shop@" + DOMAIN + "\" <shop@" + OTHER + ">");
            assertThat(reply)
                    .as("a From header off the domain")
                    .startsWith("550 5.7.1")
                    .contains("@" + DOMAIN);
        }
    }

    /** One message over a raw session: MAIL FROM, RCPT TO, DATA with this From header; the last reply. */
    private static String submit(RawSmtp client, String envelopeFrom, String fromHeader) throws Exception {
        assertThat(client.send("MAIL FROM:<" + envelopeFrom + ">")).startsWith("250 2.1.0");
        assertThat(client.send("RCPT TO:<" + TO + ">")).startsWith("250 2.1.5");
        assertThat(client.send("DATA")).startsWith("354");
        client.write("From: " + fromHeader + "\r\nTo: " + TO + "\r\nSubject: Over SMTP\r\n\r\nHi\r\n.\r\n");
        return client.reply();
    }

    /** The audit log's ApiKeyCreated entry of the key; null while the log has not caught up. */
    private static JsonNode entryOf(String keyId) {
        JsonNode entries = api().get("/v1/account/audit-log?type=ApiKeyCreated&limit=100", session.token())
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
