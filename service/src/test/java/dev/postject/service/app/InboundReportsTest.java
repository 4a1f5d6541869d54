package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.returnpath.ReturnPaths;
import io.dropwizard.testing.ConfigOverride;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inbound listener, over SMTP from a real client (swaks), with report fixtures about emails
 * Postject really sent: each fixture's VERP token, Message-ID and recipient replaced by those of
 * the sent email. A {@code 250} means recorded and committed: the ledger is read right after it.
 */
class InboundReportsTest {
    static final String KEY = "an-encryption-key-of-the-inbound-reports-test";
    static final String BOUNCE_DOMAIN = "bounces.postject.test";
    static final String FROM = "billing@inbound.example";
    private static final AtomicInteger N = new AtomicInteger();

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port,
            ConfigOverride.config("delivery.bounceDomain", BOUNCE_DOMAIN),
            ConfigOverride.config("security.encryptionKey", KEY),
            ConfigOverride.config("inbound.maxMessageSize", "64KiB"));

    static String key;

    @BeforeAll
    static void anAccountThatSends() {
        Api.Session session = APP.api().signUp("inbound-reports@example.com");
        key = APP.api().createKey(session.token(), "{}").get("key").asText();
        Mailbox.confirm(APP.api(), SMTP, key, FROM);
    }

    @Test
    void exchangeNdr_toTheVerpAddress_recordsAnAsynchronousHardBounce() throws Exception {
        String to = recipient("o365");
        Reports.Sent sent = send(to);
        String ndr = exchangeNdr(sent, sent.returnPath(to), to);

        String reply = Swaks.lastReply(Swaks.send(port(), "", sent.returnPath(to), bytes(ndr)));

        assertThat(reply).startsWith("250 2.0.0");
        List<JsonNode> bounced = Reports.ledger(APP, sent.id(), "EmailBounced");
        assertThat(bounced).hasSize(1);
        assertThat(bounced.get(0).get("recipient").asText()).isEqualTo(to);
        assertThat(bounced.get(0).get("asynchronous").asBoolean()).isTrue();
        assertThat(bounced.get(0).get("bounceType").asText()).isEqualTo("hard");
        assertThat(bounced.get(0).get("status").asText()).isEqualTo("5.1.10");
        assertThat(bounced.get(0).get("response").asText()).contains("RecipientNotFound");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> timeline(sent.id()).stream()
                        .anyMatch(e -> e.get("type").asText().equals("bounced")
                                && e.get("recipient").asText().equals(to)));
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
        assertThat(Reports.ledger(APP, sent.id(), "EmailBounced"))
                .singleElement()
                .satisfies(bounced -> {
                    assertThat(bounced.get("recipient").asText()).isEqualTo(to);
                    assertThat(bounced.get("asynchronous").asBoolean()).isTrue();
                    assertThat(bounced.get("bounceType").asText()).isEqualTo("hard");
                    assertThat(bounced.get("status").asText()).isEqualTo("5.1.1");
                });
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
        List<JsonNode> complained = Reports.ledger(APP, sent.id(), "EmailComplained");
        assertThat(complained).hasSize(1);
        assertThat(complained.get(0).get("recipient").asText()).isEqualTo(to);
        assertThat(complained.get(0).get("feedbackType").asText()).isEqualTo("abuse");
        assertThat(complained.get(0).get("reporter").asText()).isEqualTo("Mailbox-Feedback/2.0");
        assertThat(Reports.ledger(APP, sent.id(), "EmailBounced")).isEmpty();
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
        List<JsonNode> delayed = Reports.ledger(APP, sent.id(), "EmailDelayed");
        assertThat(delayed).hasSize(1);
        assertThat(delayed.get(0).get("recipient").asText()).isEqualTo(to);
        assertThat(delayed.get(0).get("status").asText()).isEqualTo("4.2.2");
        assertThat(Reports.ledger(APP, sent.id(), "EmailBounced")).isEmpty();
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

    private static List<JsonNode> timeline(String emailId) {
        JsonNode events = APP.api().get("/v1/emails/" + emailId, key).json().get("events");
        return events == null
                ? List.of()
                : java.util.stream.StreamSupport.stream(events.spliterator(), false)
                        .toList();
    }

    private static int port() {
        return APP.inbound().port();
    }

    private static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.ISO_8859_1);
    }
}
