package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.service.app.Submitter.Sender;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.server.RawSmtp;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every refusal of SMTP submission, in SMTP's terms, from the rules HTTP sends obey: who may send,
 * as whom, to whom, how much, and what a message must be. Raw sessions from loopback (where AUTH is
 * offered in plaintext), as a client would send them, pipelined where it says so.
 */
class SmtpSubmissionRefusalsTest {
    private static final int DAILY_LIMIT = 4;

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port, ConfigOverride.config("sending.sandboxDailyLimit", Integer.toString(DAILY_LIMIT)));

    private final Submitter submitter = new Submitter(APP);

    private static Sender sender() {
        return Submitter.sender(APP, SMTP);
    }

    private static String message(Sender s, String subject) {
        return "From: " + s.from() + "\r\nTo: " + s.to() + "\r\nSubject: " + subject + "\r\n\r\nHi\r\n.\r\n";
    }

    /** MAIL FROM and one RCPT TO accepted, then DATA with this content: the final reply. */
    private static String submit(RawSmtp client, Sender s, String content) throws IOException {
        assertThat(client.send("MAIL FROM:<" + s.from() + ">")).startsWith("250 2.1.0");
        assertThat(client.send("RCPT TO:<" + s.to() + ">")).startsWith("250 2.1.5");
        assertThat(client.send("DATA")).startsWith("354");
        client.write(content);
        return client.reply();
    }

    @Test
    void withoutAuthentication_mailFromIsRefused_530() throws IOException {
        Sender s = sender();
        try (RawSmtp client = submitter.raw()) {
            assertThat(client.send("MAIL FROM:<" + s.from() + ">")).isEqualTo("530 5.7.0 Authentication required");
        }
    }

    @Test
    void aPasswordThatIsNoValidKey_isRefused_535() throws IOException {
        Sender s = sender();
        try (RawSmtp client = submitter.raw()) {
            assertThat(client.send("AUTH PLAIN " + RawSmtp.plain("app", s.key() + "x")))
                    .isEqualTo("535 5.7.8 Authentication credentials invalid");
            assertThat(client.send("AUTH PLAIN " + RawSmtp.plain("app", "pt_live_" + "A".repeat(38))))
                    .startsWith("535 5.7.8");
        }
    }

    @Test
    void aRevokedKey_isRefusedAtTheNextMailFrom_ofASessionItOpened() throws IOException {
        Sender s = sender();
        String keyId = APP.api()
                .get("/v1/auth/api-keys", s.session().token())
                .json()
                .get("data")
                .get(0)
                .get("id")
                .asText();
        try (RawSmtp client = submitter.authenticated(s.key())) {
            Submitter.queuedId(submit(client, s, message(s, "Before")));

            assertThat(APP.api()
                            .delete("/v1/auth/api-keys/" + keyId, s.session().token())
                            .status())
                    .isEqualTo(204);

            assertThat(client.send("MAIL FROM:<" + s.from() + ">"))
                    .startsWith("535 5.7.8 Authentication credentials invalid: the credential this session"
                            + " authenticated with was revoked");
        }
    }

    @Test
    void aSenderThatIsNeitherOnAVerifiedDomainNorConfirmed_isRefusedAtMailFrom_550() throws IOException {
        Sender s = sender();
        try (RawSmtp client = submitter.authenticated(s.key())) {
            assertThat(client.send("MAIL FROM:<stranger@elsewhere.test>"))
                    .startsWith("550 5.7.1 sender_not_verified: ");
            assertThat(client.send("MAIL FROM:<>")).startsWith("550 5.7.1");
        }
    }

    @Test
    void aFromFieldTheSenderRuleRefuses_isRefusedAtData_550() throws IOException {
        Sender s = sender();
        try (RawSmtp client = submitter.authenticated(s.key())) {
            String reply = submit(client, s, "From: boss@elsewhere.test\r\nSubject: s\r\n\r\nHi\r\n.\r\n");

            assertThat(reply).startsWith("550 5.7.1 sender_not_verified: ");
        }
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).isEmpty();
    }

    @Test
    void anUnconfirmedRecipientInSandboxMode_isRefused_550_namingTheReason() throws IOException {
        Sender s = sender();
        try (RawSmtp client = submitter.authenticated(s.key())) {
            assertThat(client.send("MAIL FROM:<" + s.from() + ">")).startsWith("250");
            assertThat(client.send("RCPT TO:<stranger@example.org>"))
                    .isEqualTo("550 5.7.1 <stranger@example.org> refused (sandbox_recipient_not_allowed): in sandbox"
                            + " mode every recipient must be a confirmed sandbox address of the account");
        }
    }

    @Test
    void aMessageWhoseRecipientsWereAllRefused_isDeliveredToNoOne() throws IOException {
        Sender s = sender();
        int transactions = SMTP.transactions();
        try (RawSmtp client = submitter.authenticated(s.key())) {
            client.write("MAIL FROM:<" + s.from() + ">\r\nRCPT TO:<stranger@example.org>\r\nDATA\r\n");
            assertThat(client.reply()).startsWith("250 2.1.0");
            assertThat(client.reply()).startsWith("550 5.7.1");
            assertThat(client.reply()).isEqualTo("554 5.5.1 No valid recipients");
            assertThat(client.send("QUIT")).startsWith("221");
        }
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).isEmpty();
        assertThat(SMTP.transactions()).isEqualTo(transactions);
    }

    @Test
    void aSuppressedRecipient_isRefused_550_511() throws IOException {
        Sender s = sender();
        SMTP.script(s.to(), 550);
        String bounced = APP.api()
                .post(
                        "/v1/emails",
                        s.key(),
                        Api.json(Map.of("from", s.from(), "to", s.to(), "subject", "s", "text", "x")))
                .json()
                .get("id")
                .asText();
        await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> APP.api()
                                .get("/v1/emails/" + bounced, s.key())
                                .json()
                                .get("status")
                                .asText(),
                        "bounced"::equals);
        try (RawSmtp client = submitter.authenticated(s.key())) {
            assertThat(client.send("MAIL FROM:<" + s.from() + ">")).startsWith("250");
            assertThat(client.send("RCPT TO:<" + s.to() + ">"))
                    .startsWith("550 5.1.1 <" + s.to() + "> refused (recipient_suppressed)");
        }
    }

    @Test
    void moreThanFiftyRecipients_get452() throws IOException {
        Sender s = sender();
        try (RawSmtp client = submitter.authenticated(s.key())) {
            assertThat(client.send("MAIL FROM:<" + s.from() + ">")).startsWith("250");
            for (int i = 0; i < 50; i++) {
                assertThat(client.send("RCPT TO:<" + s.to() + ">"))
                        .as("recipient %d", i)
                        .startsWith("250 2.1.5");
            }
            assertThat(client.send("RCPT TO:<" + s.to() + ">")).isEqualTo("452 4.5.3 Too many recipients");
        }
    }

    @Test
    void aMessageOverTenMegabytes_isRefused_552_whetherDeclaredOrSent() throws IOException {
        Sender s = sender();
        try (RawSmtp client = submitter.authenticated(s.key())) {
            assertThat(client.send("MAIL FROM:<" + s.from() + "> SIZE=10485761"))
                    .startsWith("552 5.3.4");
            assertThat(client.send("MAIL FROM:<" + s.from() + "> SIZE=10485760"))
                    .startsWith("250");
            assertThat(client.send("RCPT TO:<" + s.to() + ">")).startsWith("250");
            assertThat(client.send("DATA")).startsWith("354");
            String line = "x".repeat(998) + "\r\n";
            client.write("From: " + s.from() + "\r\n\r\n" + line.repeat(10_500) + ".\r\n");
            assertThat(client.reply()).startsWith("552 5.3.4");
        }
    }

    @Test
    void theSandboxDailyLimit_refusesTheNextMailFrom_450() throws IOException {
        Sender s = sender();
        try (RawSmtp client = submitter.authenticated(s.key())) {
            for (int i = 0; i < DAILY_LIMIT; i++) {
                Submitter.queuedId(submit(client, s, message(s, "n" + i)));
            }
            assertThat(client.send("MAIL FROM:<" + s.from() + ">"))
                    .startsWith("450 4.7.1 sandbox_limit_reached: Sandbox accounts may send 4 emails per 24 hours.");
        }
    }

    @Test
    void aMalformedMessage_isRefused_550_560() throws IOException {
        Sender s = sender();
        try (RawSmtp client = submitter.authenticated(s.key())) {
            assertThat(submit(client, s, "Subject: no From\r\n\r\nHi\r\n.\r\n"))
                    .startsWith("550 5.6.0 malformed_message: The message has no 'From' field.");
            assertThat(submit(client, s, "From: " + s.from() + "\r\nX-Postject-Colour: red\r\n\r\nHi\r\n.\r\n"))
                    .startsWith("550 5.6.0 unknown_header");
        }
    }

    @Test
    void pipelinedCommands_getTheirRepliesInOrder_andTheMessageIsQueued() throws IOException {
        Sender s = sender();
        try (RawSmtp client = submitter.authenticated(s.key())) {
            client.write("MAIL FROM:<" + s.from() + ">\r\nRCPT TO:<" + s.to()
                    + ">\r\nRCPT TO:<stranger@example.org>\r\n" + "DATA\r\n");
            String replies = client.readOnce();
            while (!replies.contains("354 ")) {
                replies += client.readOnce();
            }
            assertThat(replies.split("\r\n"))
                    .satisfiesExactly(
                            mail -> assertThat(mail).startsWith("250 2.1.0"),
                            ann -> assertThat(ann).startsWith("250 2.1.5"),
                            stranger -> assertThat(stranger).startsWith("550 5.7.1"),
                            data -> assertThat(data).startsWith("354"));
            client.write(message(s, "Pipelined") + "QUIT\r\n");
            String id = Submitter.queuedId(client.reply());
            assertThat(client.reply()).startsWith("221");
            assertThat(APP.api().get("/v1/emails/" + id, s.key()).json().get("to"))
                    .extracting(node -> node.asText())
                    .containsExactly(s.to());
        }
    }
}
