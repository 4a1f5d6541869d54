package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.server.RawSmtp;
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
 * Complaints with no VERP token (the redacted ARF fixture, sent to a plain address of the bounce
 * domain), found by the Message-ID of the attached original: Postject's own Message-IDs, and one a
 * client chose over SMTP submission, which must not let one account's report reach another's email.
 */
class RedactedComplaintsTest {
    static final String BOUNCE_DOMAIN = "bounces.postject.test";
    static final String FBL = "fbl@" + BOUNCE_DOMAIN;
    private static final AtomicInteger N = new AtomicInteger();

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port,
            ConfigOverride.config("delivery.bounceDomain", BOUNCE_DOMAIN),
            ConfigOverride.config("security.encryptionKey", "an-encryption-key-of-the-redacted-complaints-test"));

    /** Two accounts, each with a confirmed sender and recipient. */
    static Account ann;

    static Account bob;

    record Account(String key, String from, String to) {}

    @BeforeAll
    static void twoAccounts() {
        ann = account("ann");
        bob = account("bob");
    }

    @Test
    void postjectsOwnMessageId_findsTheEmail_andItsOnlyRecipient() throws Exception {
        Reports.Sent sent = Reports.send(APP, SMTP, ann.key(), ann.from(), List.of(ann.to()), subject());

        assertThat(complain(sent.messageId(), ann.from())).startsWith("250 2.0.0");

        List<JsonNode> complained = Reports.ledger(APP, sent.id(), "EmailComplained");
        assertThat(complained).hasSize(1);
        assertThat(complained.get(0).get("recipient").asText()).isEqualTo(ann.to());
        assertThat(complained.get(0).get("feedbackType").asText()).isEqualTo("abuse");
        assertThat(complained.get(0).get("reporter").asText()).isEqualTo("MailboxFBL/1.0");
    }

    @Test
    void aMessageIdNoEmailHas_isAcceptedAndDropped() throws Exception {
        Reports.Sent sent = Reports.send(APP, SMTP, ann.key(), ann.from(), List.of(ann.to()), subject());

        assertThat(complain("<msg_" + "0".repeat(24) + "@inbound.example>", ann.from()))
                .startsWith("250 2.0.0");

        assertThat(Reports.ledger(APP, sent.id(), "EmailComplained")).isEmpty();
    }

    @Test
    void aMessageIdTheClientChose_counts_onlyWhenTheOriginalIsFromThatEmailsSender() throws Exception {
        String messageId = "<chosen-" + N.incrementAndGet() + "@client.example>";
        String id = submit(ann, messageId);

        assertThat(complain(messageId, "someone@elsewhere.example")).startsWith("250 2.0.0");
        assertThat(Reports.ledger(APP, id, "EmailComplained")).isEmpty();

        assertThat(complain(messageId, ann.from())).startsWith("250 2.0.0");
        assertThat(Reports.ledger(APP, id, "EmailComplained"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("recipient").asText()).isEqualTo(ann.to()));
    }

    @Test
    void anotherAccountCopyingPostjectsMessageId_makesItNobodys() throws Exception {
        Reports.Sent original = Reports.send(APP, SMTP, ann.key(), ann.from(), List.of(ann.to()), subject());
        String copy = submit(bob, original.messageId());

        assertThat(complain(original.messageId(), ann.from())).startsWith("250 2.0.0");
        assertThat(complain(original.messageId(), bob.from())).startsWith("250 2.0.0");

        assertThat(Reports.ledger(APP, original.id(), "EmailComplained")).isEmpty();
        assertThat(Reports.ledger(APP, copy, "EmailComplained")).isEmpty();
    }

    /** Sends the redacted complaint about {@code messageId} and answers the reply to its DATA. */
    private static String complain(String messageId, String from) throws Exception {
        byte[] report = Reports.redactedComplaint(messageId, from).getBytes(StandardCharsets.ISO_8859_1);
        return Swaks.lastReply(Swaks.send(APP.inbound().port(), "feedback@fbl.mailbox.example", FBL, report));
    }

    /** Sends over SMTP submission with the client's own Message-ID; answers the email id once delivered. */
    private static String submit(Account account, String messageId) throws Exception {
        String subject = subject();
        try (RawSmtp client = new Submitter(APP).authenticated(account.key())) {
            assertThat(client.send("MAIL FROM:<" + account.from() + ">")).startsWith("250");
            assertThat(client.send("RCPT TO:<" + account.to() + ">")).startsWith("250");
            assertThat(client.send("DATA")).startsWith("354");
            client.write("From: " + account.from() + "\r\nTo: " + account.to() + "\r\nSubject: " + subject
                    + "\r\nMessage-ID: " + messageId + "\r\n\r\nHello\r\n.\r\n");
            String id = Submitter.queuedId(client.reply());
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> SMTP.receivedFor(account.to()).stream()
                            .anyMatch(
                                    r -> new String(r.data(), StandardCharsets.UTF_8).contains("Subject: " + subject)));
            return id;
        }
    }

    private static Account account(String name) {
        Api.Session session = APP.api().signUp("redacted-" + name + "@example.com");
        String key = APP.api().createKey(session.token(), "{}").get("key").asText();
        Account account = new Account(key, name + "@" + name + "-sender.example", name + "-reader@mailbox.example");
        Mailbox.confirm(APP.api(), SMTP, key, account.from());
        Mailbox.confirm(APP.api(), SMTP, key, account.to());
        return account;
    }

    private static String subject() {
        return "Redacted " + N.incrementAndGet();
    }
}
