package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.server.RawSmtp;
import dev.postject.service.webhooks.WebhookReceiver;
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
 * A complaint suppresses its address, so each test mails a reader of its own. What a credited
 * complaint did is read through the API and the webhook; that a dropped one recorded nothing, from
 * the ledger right after its {@code 250}.
 */
class RedactedComplaintsTest {
    static final String BOUNCE_DOMAIN = "bounces.postject.test";
    static final String FBL = "fbl@" + BOUNCE_DOMAIN;
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
            ConfigOverride.config("security.encryptionKey", "an-encryption-key-of-the-redacted-complaints-test"),
            ConfigOverride.config("webhooks.allowPrivate", "true"));

    /** Two accounts, each with a confirmed sender, its complaints sent to the webhook {@code /<name>}. */
    static Account ann;

    static Account bob;

    record Account(String name, String key, String from) {}

    @BeforeAll
    static void twoAccounts() {
        ann = account("ann");
        bob = account("bob");
    }

    @Test
    void postjectsOwnMessageId_findsTheEmail_andItsOnlyRecipient() throws Exception {
        String to = reader(ann);
        Reports.Sent sent = Reports.send(APP, SMTP, ann.key(), ann.from(), List.of(to), subject());

        assertThat(complain(sent.messageId(), ann.from())).startsWith("250 2.0.0");

        JsonNode email = Reports.awaitEntry(APP, ann.key(), sent.id(), "complained", to);
        assertThat(email.get("status").asText()).as("still delivered").isEqualTo("delivered");
        assertThat(BounceTests.recipient(email, to)
                        .get("complaint")
                        .get("feedbackType")
                        .asText())
                .isEqualTo("abuse");
        assertThat(email.get("events"))
                .anySatisfy(e ->
                        assertThat(e.get("detail").asText()).isEqualTo("Marked as abuse (reported by MailboxFBL/1.0)"));
        JsonNode suppressed = BounceTests.awaitSuppression(APP.api(), ann.key(), to);
        assertThat(suppressed.get("reason").asText()).isEqualTo("complaint");
        assertThat(suppressed.get("emailId").asText()).isEqualTo(sent.id());
        JsonNode hook = BounceTests.awaitWebhook(RECEIVER, "/ann", "email.complained", sent.id());
        assertThat(hook.get("recipient").asText()).isEqualTo(to);
        assertThat(hook.get("feedbackType").asText()).isEqualTo("abuse");
        assertThat(hook.get("reporter").asText()).isEqualTo("MailboxFBL/1.0");
    }

    @Test
    void aMessageIdNoEmailHas_isAcceptedAndDropped() throws Exception {
        Reports.Sent sent = Reports.send(APP, SMTP, ann.key(), ann.from(), List.of(reader(ann)), subject());

        assertThat(complain("<msg_" + "0".repeat(24) + "@inbound.example>", ann.from()))
                .startsWith("250 2.0.0");

        assertThat(Reports.ledger(APP, sent.id(), "EmailComplained")).isEmpty();
    }

    @Test
    void aMessageIdTheClientChose_counts_onlyWhenTheOriginalIsFromThatEmailsSender() throws Exception {
        String messageId = "<chosen-" + N.incrementAndGet() + "@client.example>";
        String to = reader(ann);
        String id = submit(ann, to, messageId);

        assertThat(complain(messageId, "someone@elsewhere.example")).startsWith("250 2.0.0");
        assertThat(Reports.ledger(APP, id, "EmailComplained")).isEmpty();

        assertThat(complain(messageId, ann.from())).startsWith("250 2.0.0");
        JsonNode email = Reports.awaitEntry(APP, ann.key(), id, "complained", to);
        assertThat(BounceTests.recipient(email, to)
                        .get("complaint")
                        .get("feedbackType")
                        .asText())
                .isEqualTo("abuse");
        assertThat(BounceTests.awaitSuppression(APP.api(), ann.key(), to)
                        .get("reason")
                        .asText())
                .isEqualTo("complaint");
    }

    @Test
    void anotherAccountCopyingPostjectsMessageId_makesItNobodys() throws Exception {
        Reports.Sent original = Reports.send(APP, SMTP, ann.key(), ann.from(), List.of(reader(ann)), subject());
        String copy = submit(bob, reader(bob), original.messageId());

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
    private static String submit(Account account, String to, String messageId) throws Exception {
        String subject = subject();
        try (RawSmtp client = new Submitter(APP).authenticated(account.key())) {
            assertThat(client.send("MAIL FROM:<" + account.from() + ">")).startsWith("250");
            assertThat(client.send("RCPT TO:<" + to + ">")).startsWith("250");
            assertThat(client.send("DATA")).startsWith("354");
            client.write("From: " + account.from() + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: "
                    + messageId + "\r\n\r\nHello\r\n.\r\n");
            String id = Submitter.queuedId(client.reply());
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> SMTP.receivedFor(to).stream()
                            .anyMatch(
                                    r -> new String(r.data(), StandardCharsets.UTF_8).contains("Subject: " + subject)));
            return id;
        }
    }

    private static Account account(String name) {
        Api.Session session = APP.api().signUp("redacted-" + name + "@example.com");
        String key = APP.api().createKey(session.token(), "{}").get("key").asText();
        Account account = new Account(name, key, name + "@" + name + "-sender.example");
        Mailbox.confirm(APP.api(), SMTP, key, account.from());
        BounceTests.webhook(APP.api(), key, RECEIVER, "/" + name, "email.complained");
        return account;
    }

    /** A recipient no email of the account went to yet, confirmed. */
    private static String reader(Account account) {
        String address = account.name() + "-reader-" + N.incrementAndGet() + "@mailbox.example";
        Mailbox.confirm(APP.api(), SMTP, account.key(), address);
        return address;
    }

    private static String subject() {
        return "Redacted " + N.incrementAndGet();
    }
}
