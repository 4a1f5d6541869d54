package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Submitter.Sender;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.server.RawSmtp;
import io.dropwizard.testing.ConfigOverride;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator pauses an account's sending: every way in refuses its new emails (HTTP single and
 * batch 403 {@code sending_paused}, SMTP 550 5.7.1), nothing is queued, Postject's own notice to
 * the owner still goes out, the owner's account says why, and the ledger shows the admin did it;
 * resumed, it sends again.
 */
class PausedSendingTest {
    private static final String SUPPORT = "help@ops.postject.test";

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP =
            PostjectApp.relayingTo(SMTP::port, ConfigOverride.config("sending.supportContact", SUPPORT));

    private static String adminToken;
    private final Submitter submitter = new Submitter(APP);

    private static Api api() {
        return APP.api();
    }

    @BeforeAll
    static void createAdmin() throws Exception {
        Cli.createAdmin("pausing-operator@postject.test", "operator password 1");
        adminToken = api().post(
                        "/v1/auth/login",
                        null,
                        Api.json(Map.of("email", "pausing-operator@postject.test", "password", "operator password 1")))
                .json()
                .get("token")
                .asText();
    }

    private static String email(Sender s, String subject) {
        return Api.json(Map.of("from", s.from(), "to", s.to(), "subject", subject, "text", "Hi"));
    }

    private static Reply send(Sender s, String subject) {
        return api().post("/v1/emails", s.key(), email(s, subject));
    }

    private static Reply sendWithKey(Sender s, String idempotencyKey, String subject) {
        return api().send(api().request("/v1/emails", s.key())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(email(s, subject))));
    }

    private static Reply pause(String accountId, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("reason", reason);
        return api().post("/v1/admin/accounts/" + accountId + "/pause", adminToken, Api.json(body));
    }

    private static Reply resume(String accountId) {
        return api().post("/v1/admin/accounts/" + accountId + "/resume", adminToken, "");
    }

    private static int emailsOf(Sender s) {
        return api().get("/v1/emails?limit=100", s.key()).json().get("data").size();
    }

    private static boolean mailed(String address, String subject) {
        return SMTP.receivedFor(address).stream()
                .anyMatch(r -> new String(r.data(), StandardCharsets.UTF_8).contains("Subject: " + subject));
    }

    private static void assertPausedRefusal(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
        assertThat(reply.errorCode()).isEqualTo("sending_paused");
        assertThat(reply.json().get("error").get("message").asText())
                .contains("operator paused sending", "GET /v1/account", SUPPORT);
    }

    @Test
    void aPausedAccount_hasEveryNewEmailRefused_untilItIsResumed() throws Exception {
        Sender s = Submitter.sender(APP, SMTP);
        String accountId = s.session().accountId();
        Reply before = sendWithKey(s, "order-1", "Before the pause");
        assertThat(before.status()).as(before.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> mailed(s.to(), "Before the pause"));
        int emails = emailsOf(s);
        int received = SMTP.receivedFor(s.to()).size();
        // an SMTP session that got past MAIL FROM before the pause
        RawSmtp early = submitter.authenticated(s.key());
        assertThat(early.send("MAIL FROM:<" + s.from() + ">")).startsWith("250 ");
        assertThat(early.send("RCPT TO:<" + s.to() + ">")).startsWith("250 ");

        Reply paused = pause(accountId, "Bounce rate 11% over the last 500 sends");

        assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
        assertThat(paused.json().get("sendingPaused").asBoolean()).isTrue();
        assertThat(paused.json().get("pausedReason").asText()).isEqualTo("Bounce rate 11% over the last 500 sends");
        assertThat(paused.json().get("pausedAt").asText()).isNotBlank();
        // HTTP, one email and a batch (even one whose items are all unreadable): refused whole
        assertPausedRefusal(send(s, "While paused"));
        assertPausedRefusal(api().post("/v1/emails/batch", s.key(), "[" + email(s, "A") + "," + email(s, "B") + "]"));
        assertPausedRefusal(api().post("/v1/emails/batch", s.key(), "[{\"nonsense\":true}]"));
        // idempotency: a request answered before the pause gets its answer again; a refused one keeps no answer
        Reply replayed = sendWithKey(s, "order-1", "Before the pause");
        assertThat(replayed.status()).isEqualTo(202);
        assertThat(replayed.json().get("id").asText())
                .isEqualTo(before.json().get("id").asText());
        assertPausedRefusal(sendWithKey(s, "order-2", "Refused, then retried"));
        // SMTP: refused at MAIL FROM, and at DATA for a session that was past it
        try (RawSmtp client = submitter.authenticated(s.key())) {
            assertThat(client.send("MAIL FROM:<" + s.from() + ">")).startsWith("550 5.7.1 sending_paused: ");
        }
        assertThat(early.send("DATA")).startsWith("354");
        early.write("From: " + s.from() + "\r\nTo: " + s.to() + "\r\nSubject: Late\r\n\r\nHi\r\n.\r\n");
        assertThat(early.reply()).startsWith("550 5.7.1 sending_paused: ");
        early.close();
        // nothing was queued, nothing went out; but Postject's own notice reached the owner
        assertThat(emailsOf(s)).isEqualTo(emails);
        await().atMost(Duration.ofSeconds(15)).until(() -> mailed(s.session().email(), "Sending paused for"));
        String notice = SMTP.receivedFor(s.session().email()).stream()
                .map(r -> new String(r.data(), StandardCharsets.UTF_8).replace("=\r\n", ""))
                .filter(text -> text.contains("Subject: Sending paused for"))
                .findFirst()
                .orElseThrow();
        assertThat(notice).contains("Bounce rate 11% over the last 500 sends", SUPPORT);
        assertThat(SMTP.receivedFor(s.to())).hasSize(received);
        // the owner's account says so, and why
        JsonNode sending = api().get("/v1/account", s.key()).json().get("sending");
        assertThat(sending.get("paused").asBoolean()).isTrue();
        assertThat(sending.get("reason").asText()).isEqualTo("Bounce rate 11% over the last 500 sends");

        Reply resumed = resume(accountId);

        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        assertThat(resumed.json().get("sendingPaused").asBoolean()).isFalse();
        assertThat(resumed.json().get("pausedReason").isNull()).isTrue();
        Reply retried = sendWithKey(s, "order-2", "Refused, then retried");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> mailed(s.to(), "Refused, then retried"));
        assertThat(Submitter.queuedId(submitOverSmtp(s, "After the resume"))).startsWith("msg_");
        assertThat(api().get("/v1/account", s.key())
                        .json()
                        .get("sending")
                        .get("paused")
                        .asBoolean())
                .isFalse();
        await().atMost(Duration.ofSeconds(15)).until(() -> mailed(s.session().email(), "Sending resumed for"));
        // the ledger: both changes, by the admin
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode log = api().get("/v1/admin/audit-log?limit=100&accountId=" + accountId, adminToken)
                    .json()
                    .get("data");
            List<JsonNode> changes = new java.util.ArrayList<>();
            log.forEach(entry -> {
                if (entry.get("type").asText().startsWith("AccountSending")) {
                    changes.add(entry);
                }
            });
            assertThat(changes)
                    .extracting(e -> e.get("type").asText())
                    .containsExactly("AccountSendingPaused", "AccountSendingResumed");
            assertThat(changes)
                    .allSatisfy(
                            e -> assertThat(e.get("actor").get("type").asText()).isEqualTo("admin"));
        });
    }

    private String submitOverSmtp(Sender s, String subject) throws Exception {
        try (RawSmtp client = submitter.authenticated(s.key())) {
            assertThat(client.send("MAIL FROM:<" + s.from() + ">")).startsWith("250 ");
            assertThat(client.send("RCPT TO:<" + s.to() + ">")).startsWith("250 ");
            assertThat(client.send("DATA")).startsWith("354");
            client.write("From: " + s.from() + "\r\nTo: " + s.to() + "\r\nSubject: " + subject + "\r\n\r\nHi\r\n.\r\n");
            return client.reply();
        }
    }

    @Test
    void pausingAPausedAccount_orResumingOneThatSends_isAConflict() {
        String accountId = api().signUp("conflicted-owner@example.com").accountId();

        Reply notPaused = resume(accountId);
        assertThat(notPaused.status()).isEqualTo(409);
        assertThat(notPaused.errorCode()).isEqualTo("sending_not_paused");
        assertThat(pause(accountId, "complaints").status()).isEqualTo(200);
        Reply again = pause(accountId, "complaints, again");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("sending_already_paused");
        assertThat(again.json().get("error").get("message").asText()).contains("already paused");
        assertThat(api().get("/v1/admin/accounts/" + accountId, adminToken)
                        .json()
                        .get("pausedReason")
                        .asText())
                .isEqualTo("complaints");
    }

    @Test
    void aReason_isRequired_oneLine_andOfBoundedLength() {
        String accountId = api().signUp("reasoned-owner@example.com").accountId();

        Map<String, String> refused = Map.of(
                "",
                "reason_required",
                "   ",
                "reason_required",
                "x".repeat(501),
                "reason_too_long",
                "bounces\r\nBcc: someone@evil.test",
                "invalid_reason",
                "bell\u0007",
                "invalid_reason");
        refused.forEach((reason, code) -> {
            Reply reply = pause(accountId, reason);
            assertThat(reply.status()).as(code).isEqualTo(422);
            assertThat(reply.errorCode()).isEqualTo(code);
            assertThat(reply.json().get("error").get("field").asText()).isEqualTo("reason");
        });
        assertThat(pause(accountId, null).errorCode()).isEqualTo("reason_required");
        assertThat(api().post("/v1/admin/accounts/" + accountId + "/pause", adminToken, "{\"reason\":\"x\",\"mode\":1}")
                        .status())
                .isEqualTo(422);
        assertThat(api().post("/v1/admin/accounts/" + accountId + "/pause", adminToken, "")
                        .status())
                .isEqualTo(422);
        assertThat(api().get("/v1/admin/accounts/" + accountId, adminToken)
                        .json()
                        .get("sendingPaused")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void anUnknownAccount_isNotFound() {
        for (Reply reply : List.of(
                pause("acct_nobody", "abuse"),
                resume("acct_nobody"),
                api().get("/v1/admin/accounts/acct_nobody", adminToken))) {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.errorCode()).isEqualTo("account_not_found");
        }
    }

    @Test
    void onlyAdmins_pauseOrResume_evenTheirOwnAccount() {
        Api.Session owner = api().signUp("self-pausing-owner@example.com");
        String key = api().createKey(owner.token(), "{}").get("key").asText();
        String path = "/v1/admin/accounts/" + owner.accountId();

        for (String credential : List.of(owner.token(), key)) {
            for (String action : List.of("/pause", "/resume")) {
                Reply reply =
                        api().post(path + action, credential, action.equals("/pause") ? "{\"reason\":\"mine\"}" : "");
                assertThat(reply.status()).as(action).isEqualTo(403);
                assertThat(reply.errorCode()).isEqualTo("admin_required");
            }
        }
        Reply anonymous = api().post(path + "/pause", null, "{\"reason\":\"x\"}");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(api().get("/v1/account", key)
                        .json()
                        .get("sending")
                        .get("paused")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void theAccountList_showsThePause_andFiltersPausedAccounts() {
        String paused = api().signUp("listed-paused@example.com").accountId();
        String sending = api().signUp("listed-sending@example.com").accountId();
        assertThat(pause(paused, "abuse report").status()).isEqualTo(200);

        JsonNode all =
                api().get("/v1/admin/accounts?limit=100", adminToken).json().get("data");
        JsonNode listed = find(all, paused);
        assertThat(listed.get("sendingPaused").asBoolean()).isTrue();
        assertThat(listed.get("pausedReason").asText()).isEqualTo("abuse report");
        assertThat(listed.get("reputationAtRisk").isNull()).isTrue();
        assertThat(find(all, sending).get("sendingPaused").asBoolean()).isFalse();
        JsonNode onlyPaused = api().get("/v1/admin/accounts?limit=100&paused=true", adminToken)
                .json()
                .get("data");
        assertThat(onlyPaused)
                .extracting(a -> a.get("id").asText())
                .contains(paused)
                .doesNotContain(sending);
        assertThat(onlyPaused)
                .allSatisfy(a -> assertThat(a.get("sendingPaused").asBoolean()).isTrue());
        assertThat(api().get("/v1/admin/accounts?limit=100&atRisk=true", adminToken)
                        .json()
                        .get("data"))
                .extracting(a -> a.get("id").asText())
                .doesNotContain(paused, sending);
        Reply wrongFilter = api().get("/v1/admin/accounts?paused=maybe", adminToken);
        assertThat(wrongFilter.status()).isEqualTo(422);
        assertThat(wrongFilter.errorCode()).isEqualTo("invalid_filter");
    }

    private static JsonNode find(JsonNode accounts, String id) {
        for (JsonNode account : accounts) {
            if (account.get("id").asText().equals(id)) {
                return account;
            }
        }
        throw new AssertionError(id + " not listed in " + accounts);
    }
}
