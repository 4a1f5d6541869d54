package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a server token may do over HTTP: send, and read the emails it sent; everything else is 403
 * {@code insufficient_scope}. API keys keep full access.
 */
class ServerTokenScopeTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(SMTP::port);

    private static Session session;
    private static String key;
    private static String token;
    private static final String FROM = "shop@scope.example.net";
    private static final String TO = "ann@scope.example.net";

    private static Api api() {
        return APP.api();
    }

    @BeforeAll
    static void anAccountWithConfirmedAddresses_anApiKey_andAServerToken() {
        session = api().signUp("scope@example.com");
        key = api().createKey(session.token(), "{}").get("key").asText();
        Mailbox.confirm(api(), SMTP, key, FROM);
        Mailbox.confirm(api(), SMTP, key, TO);
        token = api().createServerToken(session.token(), "{\"name\":\"app servers\"}")
                .get("token")
                .asText();
    }

    private static String email(String subject) {
        return Api.json(Map.of("from", FROM, "to", TO, "subject", subject, "text", "Hello."));
    }

    private static String sent(String credential, String subject) {
        Reply reply = api().post("/v1/emails", credential, email(subject));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().get("id").asText();
    }

    @Test
    void aServerToken_isRefusedEverywhereButSendingAndReadingItsEmails_whereAnApiKeyIsNot() {
        List<Reply> refused = new ArrayList<>(List.of(
                api().get("/v1/account", token),
                api().send(api().request("/v1/account", token)
                        .header("Content-Type", "application/json")
                        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{}"))),
                api().get("/v1/account/audit-log", token),
                api().get("/v1/account/sandbox-emails", token),
                api().post("/v1/account/sandbox-emails", token, "{\"email\":\"new@scope.example.net\"}"),
                api().get("/v1/account/production-access", token),
                api().get("/v1/domains", token),
                api().post("/v1/domains", token, "{\"name\":\"scope.example.net\"}"),
                api().get("/v1/webhooks", token),
                api().get("/v1/suppressions", token),
                api().get("/v1/auth/api-keys", token),
                api().post("/v1/auth/api-keys", token, "{}"),
                api().get("/v1/server-tokens", token),
                api().get("/v1/admin/accounts", token)));

        for (Reply reply : refused) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
            assertThat(reply.errorCode()).isEqualTo("insufficient_scope");
            assertThat(reply.body()).doesNotContain("Exception");
        }
        assertThat(api().get("/v1/account/sandbox-emails", session.token())
                        .json()
                        .get("data"))
                .as("nothing was added")
                .hasSize(2);
        assertThat(api().get("/v1/account", key).status()).as("an API key").isEqualTo(200);
        assertThat(api().get("/v1/domains", key).status()).isEqualTo(200);
        assertThat(api().get("/v1/emails", token).status()).isEqualTo(200);
        assertThat(api().get("/v1/ping", token).status()).as("unauthenticated").isEqualTo(200);
    }

    @Test
    void aServerToken_sendsOneOrABatch_andReadsOnlyTheEmailsItSent() {
        String byToken = sent(token, "From the token");
        Reply batch = api().post("/v1/emails/batch", token, "[" + email("Batch one") + "," + email("Batch two") + "]");
        assertThat(batch.status()).isEqualTo(200);
        List<String> batched = new ArrayList<>();
        batch.json().get("data").forEach(item -> batched.add(item.get("id").asText()));
        String byKey = sent(key, "From the key");
        String otherToken =
                api().createServerToken(session.token(), "{}").get("token").asText();
        String byOtherToken = sent(otherToken, "From another token");

        Reply own = api().get("/v1/emails/" + byToken, token);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("subject").asText()).isEqualTo("From the token");
        for (String foreign : List.of(byKey, byOtherToken)) {
            Reply reply = api().get("/v1/emails/" + foreign, token);
            assertThat(reply.status()).as("as if it did not exist").isEqualTo(404);
            assertThat(reply.errorCode()).isEqualTo("email_not_found");
        }

        assertThat(ids(api().get("/v1/emails", token).json()))
                .containsExactlyInAnyOrder(byToken, batched.get(0), batched.get(1));
        assertThat(ids(api().get("/v1/emails?limit=1", token).json())).hasSize(1);
        assertThat(ids(api().get("/v1/emails", otherToken).json())).containsExactly(byOtherToken);
        assertThat(ids(api().get("/v1/emails", key).json()))
                .as("an API key reads every email of the account")
                .contains(byToken, byKey, byOtherToken)
                .containsAll(batched);
        assertThat(api().get("/v1/emails/" + byOtherToken, key).status()).isEqualTo(200);
        assertThat(ids(api().get("/v1/emails", session.token()).json())).contains(byToken, byKey);
    }

    @Test
    void anotherAccountsServerToken_seesNoneOfThisAccountsEmails() {
        String mine = sent(token, "Mine");
        Session stranger = api().signUp("scope-stranger@example.com");
        String theirs =
                api().createServerToken(stranger.token(), "{}").get("token").asText();

        assertThat(api().get("/v1/emails/" + mine, theirs).status()).isEqualTo(404);
        assertThat(ids(api().get("/v1/emails", theirs).json())).isEmpty();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(email -> ids.add(email.get("id").asText()));
        return ids;
    }
}
