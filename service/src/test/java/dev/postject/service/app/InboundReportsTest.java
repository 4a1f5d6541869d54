package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.returnpath.ReturnPaths;
import dev.postject.service.webhooks.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inbound listener, over SMTP from a real client (swaks), with report fixtures about emails
 * Postject really sent: each fixture's VERP token, Message-ID and recipient replaced by those of
 * the sent email. What a report recorded is read the way the account sees it: the email's
 * recipients and timeline, the suppression list, webhooks at a real HTTP receiver. The ledger is
 * read for what the API cannot show: that a {@code 250} means committed (it is there as the reply
 * comes), and that a report recorded nothing, or once.
 */
class InboundReportsTest {
    static final String KEY = "an-encryption-key-of-the-inbound-reports-test";
    static final String BOUNCE_DOMAIN = "bounces.postject.test";
    static final String FROM = "billing@inbound.example";
    /** The receiver's path for the account's webhooks. */
    static final String HOOKS = "/inbound";

    private static final AtomicInteger N = new AtomicInteger();

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(1)
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port,
            ConfigOverride.config("delivery.bounceDomain", BOUNCE_DOMAIN),
            ConfigOverride.config("security.encryptionKey", KEY),
            ConfigOverride.config("inbound.maxMessageSize", "64KiB"),
            ConfigOverride.config("webhooks.allowPrivate", "true"));

    static String key;

    @BeforeAll
    static void anAccountThatSends() {
        Api.Session session = APP.api().signUp("inbound-reports@example.com");
        key = APP.api().createKey(session.token(), "{}").get("key").asText();
        Mailbox.confirm(APP.api(), SMTP, key, FROM);
        BounceTests.webhook(APP.api(), key, RECEIVER, HOOKS, "email.bounced", "email.delayed", "email.complained");
    }

    @Test
    void exchangeNdr_toTheVerpAddress_recordsAnAsynchronousHardBounce() throws Exception {
        String to = recipient("o365");
        Reports.Sent sent = send(to);
        String ndr = exchangeNdr(sent, sent.returnPath(to), to);

        String reply = Swaks.lastReply(Swaks.send(port(), "", sent.returnPath(to), bytes(ndr)));

        assertThat(reply).startsWith("250 2.0.0");
        assertThat(Reports.ledger(APP, sent.id(), "EmailBounced"))
                .as("committed before the 250")
                .hasSize(1);
        JsonNode bounce = bounce(sent.id(), to);
        assertThat(bounce.get("bounceType").asText()).isEqualTo("hard");
        assertThat(bounce.get("status").asText()).isEqualTo("5.1.10");
        assertThat(bounce.get("response").asText()).contains("RecipientNotFound");
        assertThat(bounce.get("asynchronous").asBoolean()).isTrue();
        JsonNode suppressed = BounceTests.awaitSuppression(APP.api(), key, to);
        assertThat(suppressed.get("reason").asText()).isEqualTo("hard_bounce");
        JsonNode hook = BounceTests.awaitWebhook(RECEIVER, HOOKS, "email.bounced", sent.id());
        assertThat(hook.get("recipient").asText()).isEqualTo(to);
        assertThat(hook.get("status").asText()).isEqualTo("5.1.10");
    }

    @Test
    void mailboxFullDsn_recordsASoftBounce_thatSuppressesNothing() throws Exception {
        String to = recipient("full");
        Reports.Sent sent = send(to);
        String dsn = Reports.fixture("postfix/mailbox-full-headers-only.eml")
                .replace("bounces+RnVsbA.msg_7hJ3kL9pQ2rS5tU8vW1x@bounces.postject.test", sent.returnPath(to))
                .replace("<msg_7hJ3kL9pQ2rS5tU8vW1x@acme.example>", sent.messageId())
                .replace("full.box@example.org", to);

        String reply = Swaks.lastReply(Swaks.send(port(), "", sent.returnPath(to), bytes(dsn)));

        assertThat(reply).startsWith("250 2.0.0");
        JsonNode bounce = bounce(sent.id(), to);
        assertThat(bounce.get("bounceType").asText()).isEqualTo("soft");
        assertThat(bounce.get("subtype").asText()).isEqualTo("mailbox_full");
        assertThat(bounce.get("status").asText()).isEqualTo("4.2.2");
        assertThat(bounce.get("asynchronous").asBoolean()).isTrue();
        assertThat(BounceTests.awaitWebhook(RECEIVER, HOOKS, "email.bounced", sent.id())
                        .get("bounceType")
                        .asText())
                .isEqualTo("soft");
        assertThat(BounceTests.suppression(APP.api(), key, to)).isEmpty();
        send(to); // the address still takes mail (decided with the bounce, before the 250): a 202, a copy
    }

    @Test
    void exchange2007TextNdr_listingSeveralRecipients_bouncesTheOneTheTokenNames() throws Exception {
        String to = recipient("exchange2007");
        Reports.Sent sent = send(to);
        String ndr = Reports.fixture("exchange/exchange2007-remote-server-returned.eml")
                .replace("bounces+RXhjaA.msg_6tY8uI0oP2aS4dF6gH8j@bounces.postject.test", sent.returnPath(to))
                .replace("<msg_6tY8uI0oP2aS4dF6gH8j@acme.example>", sent.messageId())
                .replace("old.employee@fabrikam.example", to);

        String reply = Swaks.lastReply(Swaks.send(port(), "", sent.returnPath(to), bytes(ndr)));

        assertThat(reply).startsWith("250 2.0.0");
        JsonNode bounce = bounce(sent.id(), to);
        assertThat(bounce.get("bounceType").asText()).isEqualTo("hard");
        assertThat(bounce.get("status").asText()).isEqualTo("5.1.1");
        assertThat(bounce.get("asynchronous").asBoolean()).isTrue();
    }

    @Test
    void theSameNdrTwice_theSecondOverStarttls_isRecordedOnce() throws Exception {
        String to = recipient("twice");
        Reports.Sent sent = send(to);
        byte[] ndr = bytes(exchangeNdr(sent, sent.returnPath(to), to));

        assertThat(Swaks.lastReply(Swaks.send(port(), "", sent.returnPath(to), ndr)))
                .startsWith("250 ");
        String overTls = Swaks.send(port(), "", sent.returnPath(to), ndr, "--tls");
        assertThat(overTls).contains("STARTTLS", "220 2.0.0 Ready to start TLS");
        assertThat(Swaks.lastReply(overTls)).startsWith("250 ");

        assertThat(Reports.ledger(APP, sent.id(), "EmailBounced")).hasSize(1);
    }

    @Test
    void arfReport_toTheVerpAddress_recordsAComplaint() throws Exception {
        String to = recipient("arf");
        Reports.Sent sent = send(to);
        String arf = Reports.fixture("arf/abuse-full.eml")
                .replace("bounces+QWJ1c2U.msg_2wE4rT6yU8iO0pA2sD4f@bounces.postject.test", sent.returnPath(to))
                .replace("<msg_2wE4rT6yU8iO0pA2sD4f@acme.example>", sent.messageId())
                .replace("reader@mailbox.example", to);

        String reply = Swaks.lastReply(Swaks.send(port(), "", sent.returnPath(to), bytes(arf)));

        assertThat(reply).startsWith("250 2.0.0");
        JsonNode email = Reports.awaitEntry(APP, key, sent.id(), "complained", to);
        assertThat(email.get("status").asText())
                .as("still delivered, not bounced")
                .isEqualTo("delivered");
        JsonNode recipient = BounceTests.recipient(email, to);
        assertThat(recipient.get("bounce").isNull()).isTrue();
        assertThat(recipient.get("complaint").get("feedbackType").asText()).isEqualTo("abuse");
        JsonNode suppressed = BounceTests.awaitSuppression(APP.api(), key, to);
        assertThat(suppressed.get("reason").asText()).isEqualTo("complaint");
        assertThat(suppressed.get("emailId").asText()).isEqualTo(sent.id());
        JsonNode hook = BounceTests.awaitWebhook(RECEIVER, HOOKS, "email.complained", sent.id());
        assertThat(hook.get("recipient").asText()).isEqualTo(to);
        assertThat(hook.get("feedbackType").asText()).isEqualTo("abuse");
        assertThat(hook.get("reporter").asText()).isEqualTo("Mailbox-Feedback/2.0");
        Api.Reply next = APP.api()
                .post("/v1/emails", key, Api.json(Map.of("from", FROM, "to", to, "subject", "Again", "text", "x")));
        assertThat(next.errorCode()).isEqualTo("recipients_suppressed");
    }

    @Test
    void forgedOrForeignToken_isAcceptedAndDropped_neverCredited() throws Exception {
        String to = recipient("forged");
        Reports.Sent sent = send(to);
        String real = sent.returnPath(to);
        int last = real.indexOf('@') - 1;
        String altered = real.substring(0, last) + (real.charAt(last) == 'a' ? 'b' : 'a') + real.substring(last + 1);
        String foreign = new ReturnPaths(new byte[32], BOUNCE_DOMAIN).address(sent.id(), to);

        for (String returnPath : List.of(altered, foreign)) {
            String reply =
                    Swaks.lastReply(Swaks.send(port(), "", returnPath, bytes(exchangeNdr(sent, returnPath, to))));
            assertThat(reply).as(returnPath).startsWith("250 2.0.0");
        }

        assertThat(Reports.ledger(APP, sent.id()))
                .extracting(Reports.Event::type)
                .containsExactly("EmailQueued", "EmailDelivered");
    }

    @Test
    void delayedDsn_recordsADelay_andNoBounce() throws Exception {
        String to = recipient("delayed");
        Reports.Sent sent = send(to);
        String dsn = Reports.fixture("postfix/delayed.eml")
                .replace("bounces+RGVsYXk.msg_9zY8xW7vU6tS5rQ4pO3n@bounces.postject.test", sent.returnPath(to))
                .replace("<msg_9zY8xW7vU6tS5rQ4pO3n@acme.example>", sent.messageId())
                .replace("full.later@example.org", to);

        String reply = Swaks.lastReply(Swaks.send(port(), "", sent.returnPath(to), bytes(dsn)));

        assertThat(reply).startsWith("250 2.0.0");
        JsonNode email = Reports.awaitEntry(APP, key, sent.id(), "delayed", to);
        assertThat(email.get("events")).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("delayed");
            assertThat(e.get("detail").asText()).contains("4.2.2", "Mailbox full");
        });
        assertThat(email.get("status").asText()).isEqualTo("delivered");
        JsonNode recipient = BounceTests.recipient(email, to);
        assertThat(recipient.get("status").asText()).isEqualTo("delivered");
        assertThat(recipient.get("bounce").isNull()).isTrue();
        assertThat(BounceTests.awaitWebhook(RECEIVER, HOOKS, "email.delayed", sent.id())
                        .get("status")
                        .asText())
                .isEqualTo("4.2.2");
        assertThat(BounceTests.suppression(APP.api(), key, to)).isEmpty();
        send(to);
    }

    @Test
    void humanReply_toTheVerpAddress_isAcceptedAndDropped() throws Exception {
        String to = recipient("reply");
        Reports.Sent sent = send(to);
        String reply = Reports.fixture("other/ordinary-message.eml")
                .replace("bounces+T3JkaW4.msg_6yU8iO0pA2sD4fG6hJ8k@bounces.postject.test", sent.returnPath(to));

        String answer = Swaks.lastReply(Swaks.send(port(), to, sent.returnPath(to), bytes(reply)));

        assertThat(answer).startsWith("250 2.0.0");
        assertThat(Reports.ledger(APP, sent.id()))
                .extracting(Reports.Event::type)
                .containsExactly("EmailQueued", "EmailDelivered");
    }

    @Test
    void recipientOutsideTheBounceDomain_isRefused() throws Exception {
        String transcript =
                Swaks.send(port(), "", "someone@inbound.example", bytes(Reports.fixture("other/ordinary-message.eml")));

        assertThat(Swaks.lastReply(transcript)).startsWith("550 5.7.1");
        assertThat(transcript).doesNotContain("354 ");
    }

    @Test
    void oversizedMessage_isRefused() throws Exception {
        String to = recipient("large");
        Reports.Sent sent = send(to);
        String ndr = exchangeNdr(sent, sent.returnPath(to), to) + "\r\n"
                + "x".repeat(76).concat("\r\n").repeat(1000);

        String reply = Swaks.lastReply(Swaks.send(port(), "", sent.returnPath(to), bytes(ndr)));

        assertThat(reply).startsWith("552 5.3.4");
        assertThat(Reports.ledger(APP, sent.id(), "EmailBounced")).isEmpty();
    }

    private static String exchangeNdr(Reports.Sent sent, String returnPath, String to) {
        return Reports.fixture("exchange/office365-recipient-not-found.eml")
                .replace("bounces+T2ZmaWNl.msg_3cV5bN7mQ9wE1rT3yU5i@bounces.postject.test", returnPath)
                .replace("<msg_3cV5bN7mQ9wE1rT3yU5i@acme.example>", sent.messageId())
                .replace("nobody@contoso.com", to);
    }

    private static String recipient(String label) {
        String address = label + "-" + N.incrementAndGet() + "@inbound.example";
        Mailbox.confirm(APP.api(), SMTP, key, address);
        return address;
    }

    private static Reports.Sent send(String to) {
        return Reports.send(APP, SMTP, key, FROM, List.of(to), "Report test " + N.incrementAndGet());
    }

    /** The recipient's bounce as {@code GET /v1/emails/{id}} shows it, once it shows one. */
    private static JsonNode bounce(String emailId, String to) {
        JsonNode email = Reports.awaitEntry(APP, key, emailId, "bounced", to);
        JsonNode recipient = BounceTests.recipient(email, to);
        assertThat(recipient.get("status").asText()).isEqualTo("bounced");
        return recipient.get("bounce");
    }

    private static int port() {
        return APP.inbound().port();
    }

    private static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.ISO_8859_1);
    }
}
