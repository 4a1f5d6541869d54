package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Answers that say what is wrong: a list given a cursor or a filter value it never handed out is
 * a 422 naming the parameter, never an empty page; a batch that is not an array says so; list
 * items leave out what a list does not carry.
 */
class ListAndBatchAnswersTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(SMTP::port);

    private static final String ADDRESS = "lists@example.net";
    private static Session session;
    private static String key;
    private static String adminToken;

    private static Api api() {
        return APP.api();
    }

    @BeforeAll
    static void anAccountWithOneEmail_andAnAdmin() throws Exception {
        session = api().signUp("lists@example.com");
        key = api().createKey(session.token(), "{}").get("key").asText();
        Mailbox.confirm(api(), SMTP, key, ADDRESS);
        Reply sent = api().post(
                        "/v1/emails",
                        key,
                        Api.json(Map.of("from", ADDRESS, "to", ADDRESS, "subject", "Listed", "text", "x")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        Cli.createAdmin("lists-admin@postject.test", "admin password 9");
        adminToken = api().post(
                        "/v1/auth/login",
                        null,
                        Api.json(Map.of("email", "lists-admin@postject.test", "password", "admin password 9")))
                .json()
                .get("token")
                .asText();
    }

    private static String cursorOf(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes());
    }

    private static void assertRefused(Reply reply, String code, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.errorCode()).isEqualTo(code);
        assertThat(reply.json().get("error").get("field").asText()).isEqualTo(field);
    }

    @Test
    void batch_withAnObjectForABody_saysTheBodyMustBeAnArray() {
        Reply reply = api().post(
                        "/v1/emails/batch",
                        key,
                        Api.json(Map.of("from", ADDRESS, "to", ADDRESS, "subject", "Hi", "text", "x")));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.errorCode()).isEqualTo("invalid_body");
        assertThat(reply.json().get("error").get("message").asText())
                .isEqualTo("The request body must be a JSON array.");
        assertThat(api().post("/v1/emails", key, "[]")
                        .json()
                        .get("error")
                        .get("message")
                        .asText())
                .isEqualTo("The request body must be a JSON object.");
    }

    @Test
    void batch_itemThatIsNotAnObject_isRefusedOnItsOwn_sayingItMustBeAnEmailObject() {
        Reply reply = api().post("/v1/emails/batch", key, "[42]");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode item = reply.json().get("data").get(0).get("error");
        assertThat(item.get("code").asText()).isEqualTo("invalid_body");
        assertThat(item.get("message").asText()).isEqualTo("Each batch item must be an email object.");
    }

    @Test
    void everyListWithACursor_refusesOneItNeverHandedOut() {
        for (String garbage : List.of("garbage", cursorOf("msg_"), cursorOf("-1"), cursorOf("acct_x") + "=", "!!!")) {
            assertRefused(api().get("/v1/emails?after=" + garbage, key), "invalid_cursor", "after");
            assertRefused(
                    api().get("/v1/account/audit-log?after=" + garbage, session.token()), "invalid_cursor", "after");
            assertRefused(
                    api().get("/v1/admin/audit-log?accountId=" + session.accountId() + "&after=" + garbage, adminToken),
                    "invalid_cursor",
                    "after");
            assertRefused(api().get("/v1/admin/accounts?after=" + garbage, adminToken), "invalid_cursor", "after");
        }
    }

    @Test
    void aCursorFromAnotherList_isRefused() {
        String auditCursor = api().get("/v1/account/audit-log?limit=1", session.token())
                .json()
                .get("nextCursor")
                .asText();
        String accountsCursor = api().get("/v1/admin/accounts?limit=1", adminToken)
                .json()
                .get("nextCursor")
                .asText();

        assertRefused(api().get("/v1/emails?after=" + auditCursor, key), "invalid_cursor", "after");
        assertRefused(api().get("/v1/emails?after=" + accountsCursor, key), "invalid_cursor", "after");
        assertRefused(api().get("/v1/admin/accounts?after=" + auditCursor, adminToken), "invalid_cursor", "after");
        assertThat(api().get("/v1/emails?after=", key).json().get("data"))
                .as("an empty cursor is no cursor")
                .hasSize(1);
    }

    @Test
    void everyListFilter_refusesAValueOutsideItsSet() {
        assertRefused(api().get("/v1/emails?status=nope", key), "invalid_status", "status");
        assertThat(api().get("/v1/emails?status=queued", key).status()).isEqualTo(200);
        assertRefused(
                api().get("/v1/account/audit-log?type=NoSuchEvent", session.token()), "invalid_event_type", "type");
        assertThat(api().get("/v1/account/audit-log?type=AccountOpened", session.token())
                        .status())
                .isEqualTo(200);
        assertRefused(
                api().get("/v1/admin/audit-log?accountId=" + session.accountId() + "&type=nope", adminToken),
                "invalid_event_type",
                "type");
        assertRefused(api().get("/v1/admin/production-requests?status=maybe", adminToken), "invalid_status", "status");
    }

    @Test
    void emailListItems_leaveOutTheTimeline_whichOnlyOneEmailCarries() {
        JsonNode listed = api().get("/v1/emails", key).json().get("data").get(0);

        assertThat(listed.has("events")).as(listed.toString()).isFalse();
        assertThat(listed.has("tag"))
                .as("a field the email has, even when empty, stays")
                .isTrue();
        JsonNode one = api().get("/v1/emails/" + listed.get("id").asText(), key).json();
        assertThat(one.get("events").isArray()).isTrue();
    }
}
