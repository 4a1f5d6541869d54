package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Zero setup: no SMTP host configured, so mail goes over real SMTP to the embedded capture server. */
class DevInboxTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9]+)");

    @Test
    void firstEmail_fromSignUpToInbox_withNoSmtpServerConfigured() {
        Api api = APP.api();
        Session session = api.signUp("zero-setup@example.com");
        String key = api.createKey(session.token(), "{}").get("key").asText();
        assertThat(api.post("/v1/account/sandbox-emails", key, Api.json(Map.of("email", "me@example.com")))
                        .status())
                .isEqualTo(201);

        JsonNode confirmation = awaitInbox(key, 1).get(0);
        assertThat(confirmation.get("recipient").asText()).isEqualTo("me@example.com");
        Matcher token = TOKEN.matcher(confirmation.get("raw").asText().replace("=\r\n", ""));
        assertThat(token.find()).isTrue();
        assertThat(Mailbox.openAndConfirm(api, token.group(1)).status()).isEqualTo(200);

        Reply sent = api.post(
                "/v1/emails",
                key,
                Api.json(Map.of(
                        "from", "me@example.com", "to", "me@example.com", "subject", "First!", "text", "Hello")));
        assertThat(sent.status()).isEqualTo(202);

        JsonNode first = awaitInbox(key, 2).get(0);
        assertThat(first.get("envelopeFrom").asText()).isEqualTo("me@example.com");
        assertThat(first.get("raw").asText())
                .contains("Subject: First!")
                .contains(sent.json().get("id").asText());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/v1/emails/" + sent.json().get("id").asText(), key)
                        .json()
                        .get("status")
                        .asText()
                        .equals("delivered"));
    }

    @Test
    void eachAccount_seesOnlyItsOwnMail_itsConfirmationMailsIncluded() {
        Api api = APP.api();
        String ann = api.createKey(api.signUp("ann-inbox@example.com").token(), "{}")
                .get("key")
                .asText();
        Session bobSession = api.signUp("bob-inbox@example.com");
        String bob = api.createKey(bobSession.token(), "{}").get("key").asText();

        // Ann asks to whitelist an address: the confirmation link in that mail is hers alone
        assertThat(api.post("/v1/account/sandbox-emails", ann, Api.json(Map.of("email", "ann@inbox.test")))
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/v1/account/sandbox-emails", bob, Api.json(Map.of("email", "bob@inbox.test")))
                        .status())
                .isEqualTo(201);
        JsonNode annMail = awaitInbox(ann, 1);
        JsonNode bobMail = awaitInbox(bob, 1);

        assertThat(annMail).extracting(m -> m.get("recipient").asText()).containsOnly("ann@inbox.test");
        assertThat(bobMail).extracting(m -> m.get("recipient").asText()).containsOnly("bob@inbox.test");
        assertThat(api.get("/v1/dev/inbox", bobSession.token()).json().get("data"))
                .extracting(m -> m.get("recipient").asText())
                .containsOnly("bob@inbox.test");

        // and Ann's own emails after that
        Matcher token = TOKEN.matcher(annMail.get(0).get("raw").asText().replace("=\r\n", ""));
        assertThat(token.find()).isTrue();
        assertThat(Mailbox.openAndConfirm(api, token.group(1)).status()).isEqualTo(200);
        Reply sent = api.post(
                "/v1/emails",
                ann,
                Api.json(Map.of("from", "ann@inbox.test", "to", "ann@inbox.test", "subject", "Mine", "text", "x")));
        assertThat(sent.status()).isEqualTo(202);
        awaitInbox(ann, 2);
        assertThat(api.get("/v1/dev/inbox", bob).json().get("data"))
                .extracting(m -> m.get("recipient").asText())
                .containsOnly("bob@inbox.test");
        assertThat(api.get("/v1/dev/inbox", bob).body())
                .doesNotContain(sent.json().get("id").asText());
    }

    @Test
    void smtpSubmissions_keepTheirClientsMessageId_andEachShowsOnlyInItsOwnAccountsInbox_evenWithTheSameId()
            throws Exception {
        Api api = APP.api();
        String ann = api.createKey(api.signUp("ann-smtp-inbox@example.com").token(), "{}")
                .get("key")
                .asText();
        String bob = api.createKey(api.signUp("bob-smtp-inbox@example.com").token(), "{}")
                .get("key")
                .asText();
        confirm(ann, "shared@inbox.test");
        confirm(bob, "shared@inbox.test");
        int annBefore = awaitInbox(ann, 1).size();
        int bobBefore = awaitInbox(bob, 1).size();

        // the same client Message-ID, envelope sender and recipient: only the stored bytes tell them apart
        submit(ann, "Subject: from Ann\r\n");
        submit(bob, "Subject: from Bob\r\n");

        JsonNode annInbox = awaitInbox(ann, annBefore + 1);
        JsonNode bobInbox = awaitInbox(bob, bobBefore + 1);
        assertThat(annInbox.get(0).get("raw").asText()).contains("Message-ID: <same-id@client.test>", "from Ann");
        assertThat(bobInbox.get(0).get("raw").asText()).contains("from Bob");
        assertThat(annInbox.toString()).doesNotContain("from Bob");
        assertThat(bobInbox.toString()).doesNotContain("from Ann");
    }

    private static void submit(String key, String subject) throws Exception {
        try (var client = new Submitter(APP).authenticated(key)) {
            assertThat(client.send("MAIL FROM:<shared@inbox.test>")).startsWith("250");
            assertThat(client.send("RCPT TO:<shared@inbox.test>")).startsWith("250");
            assertThat(client.send("DATA")).startsWith("354");
            client.write("From: shared@inbox.test\r\nMessage-ID: <same-id@client.test>\r\n" + subject
                    + "\r\nHello\r\n.\r\n");
            Submitter.queuedId(client.reply());
        }
    }

    /** Adds and confirms a sandbox address through the link mailed to the dev inbox. */
    private static void confirm(String key, String address) {
        assertThat(APP.api()
                        .post("/v1/account/sandbox-emails", key, Api.json(Map.of("email", address)))
                        .status())
                .isEqualTo(201);
        JsonNode mail = awaitInbox(key, 1).get(0);
        Matcher token = TOKEN.matcher(mail.get("raw").asText().replace("=\r\n", ""));
        assertThat(token.find()).isTrue();
        assertThat(Mailbox.openAndConfirm(APP.api(), token.group(1)).status()).isEqualTo(200);
    }

    @Test
    void inbox_needsCredentials() {
        assertThat(APP.api().get("/v1/dev/inbox", null).status()).isEqualTo(401);
    }

    private static JsonNode awaitInbox(String key, int size) {
        JsonNode[] data = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            data[0] = APP.api().get("/v1/dev/inbox", key).json().get("data");
            assertThat(data[0]).hasSizeGreaterThanOrEqualTo(size);
        });
        return data[0];
    }
}
