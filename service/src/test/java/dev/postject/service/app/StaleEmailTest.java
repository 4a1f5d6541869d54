package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.events.EmailId;
import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.sending.RecordEngagement;
import io.dropwizard.testing.ConfigOverride;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes on one PostgreSQL change one email: node A accepted it (and holds it loaded), node B
 * then records something for it, so A's loaded copy is behind the ledger. What A records next must
 * still be recorded, not refused by the event store's unique key (a 451 to a reporting server, a
 * lost open, an outcome not recorded and the recipient mailed again).
 */
class StaleEmailTest {
    private static final String SECRET = "a-dashboard-secret-of-the-stale-email-test";
    private static final String BOUNCE_DOMAIN = "bounces.postject.test";
    private static final String FROM = "billing@stale.example";
    private static final AtomicInteger N = new AtomicInteger();

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    private static PostjectApp nodeA;
    private static PostjectApp nodeB;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        String database = TestPostgres.newDatabase();
        nodeA = PostjectApp.nodeRelayingTo(database, SECRET, SMTP::port, shared());
        nodeB = PostjectApp.nodeRelayingTo(database, SECRET, SMTP::port, shared());
        nodeA.start();
        nodeB.start();
        key = nodeA.api()
                .createKey(nodeA.api().signUp("stale-email@example.com").token(), "{}")
                .get("key")
                .asText();
        Mailbox.confirm(nodeA.api(), SMTP, key, FROM);
    }

    /**
     * The settings both nodes share, as new overrides for each: an override remembers the system
     * property it replaced, so one instance used by two nodes would restore the other's value when
     * they stop and leave it set for the test classes after this one.
     */
    private static ConfigOverride[] shared() {
        return new ConfigOverride[] {
            ConfigOverride.config("delivery.bounceDomain", BOUNCE_DOMAIN),
            ConfigOverride.config("security.encryptionKey", "an-encryption-key-of-the-stale-email-test")
        };
    }

    @AfterAll
    static void stop() {
        nodeB.stop();
        nodeA.stop();
    }

    @Test
    void complaintTakenByTheNodeThatAcceptedTheEmail_afterTheOtherNodeTookABounce_isRecordedAndAnswered250()
            throws Exception {
        String ann = recipient("ann");
        String bob = recipient("bob");
        Reports.Sent sent = sendThroughNodeA(ann, bob);
        String ndr = Reports.fixture("exchange/office365-recipient-not-found.eml")
                .replace("bounces+T2ZmaWNl.msg_3cV5bN7mQ9wE1rT3yU5i@bounces.postject.test", sent.returnPath(ann))
                .replace("<msg_3cV5bN7mQ9wE1rT3yU5i@acme.example>", sent.messageId())
                .replace("nobody@contoso.com", ann);
        assertThat(Swaks.lastReply(Swaks.send(nodeB.inbound().port(), "", sent.returnPath(ann), bytes(ndr))))
                .startsWith("250 2.0.0");
        String arf = Reports.fixture("arf/abuse-full.eml")
                .replace("bounces+QWJ1c2U.msg_2wE4rT6yU8iO0pA2sD4f@bounces.postject.test", sent.returnPath(bob))
                .replace("<msg_2wE4rT6yU8iO0pA2sD4f@acme.example>", sent.messageId())
                .replace("reader@mailbox.example", bob);

        String reply = Swaks.lastReply(Swaks.send(nodeA.inbound().port(), "", sent.returnPath(bob), bytes(arf)));

        assertThat(reply).startsWith("250 2.0.0");
        assertThat(Reports.ledger(nodeA, sent.id(), "EmailBounced"))
                .extracting(bounce -> bounce.get("recipient").asText())
                .containsExactly(ann);
        assertThat(Reports.ledger(nodeA, sent.id(), "EmailComplained"))
                .extracting(complaint -> complaint.get("recipient").asText())
                .containsExactly(bob);
    }

    @Test
    void openRecordedByTheNodeThatAcceptedTheEmail_afterTheOtherNodeRecordedOne_isRecorded() {
        String ann = recipient("ann");
        String bob = recipient("bob");
        EmailId email = new EmailId(sendThroughNodeA(ann, bob).id());
        assertThat(nodeB.commands().<Boolean>sendAndWait(new RecordEngagement(email, ann, null, "Mail client B")))
                .isTrue();

        Boolean recorded = nodeA.commands().sendAndWait(new RecordEngagement(email, bob, null, "Mail client A"));

        assertThat(recorded).isTrue();
        assertThat(Reports.ledger(nodeA, email.value(), "EmailOpened"))
                .extracting(open -> open.get("recipient").asText())
                .containsExactly(ann, bob);
    }

    @Test
    void retriedOutcomeRecordedByTheNodeThatAcceptedTheEmail_afterTheOtherNodeChangedIt_isRecorded_andMailedOnce() {
        String ann = recipient("ann");
        String bob = recipient("bob");
        SMTP.script(bob, 451);
        String subject = "Stale retry " + N.incrementAndGet();
        Api.Reply accepted = nodeA.api()
                .post(
                        "/v1/emails",
                        key,
                        Api.json(Map.of("from", FROM, "to", List.of(ann, bob), "subject", subject, "text", "Hello")));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        EmailId email = new EmailId(accepted.json().get("id").asText());
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Reports.ledger(nodeA, email.value(), "EmailDelivered")
                                        .size()
                                == 1
                        && Reports.ledger(nodeA, email.value(), "EmailDeferred").size() == 1);
        assertThat(nodeB.commands().<Boolean>sendAndWait(new RecordEngagement(email, ann, null, "Mail client B")))
                .isTrue();

        // bob's retry is due for node A's worker only: node B's clock has not moved
        nodeA.clock().advance(Duration.ofSeconds(61));

        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        Reports.ledger(nodeA, email.value(), "EmailDelivered").size() == 2);
        assertThat(Reports.ledger(nodeA, email.value(), "EmailDelivered"))
                .extracting(delivered -> delivered.get("recipient").asText())
                .containsExactly(ann, bob);
        assertThat(SMTP.receivedFor(bob).stream()
                        .filter(copy -> new String(copy.data(), StandardCharsets.ISO_8859_1).contains(subject)))
                .hasSize(1);
    }

    /** Accepted by node A (which keeps the email loaded), delivered by either node's worker, both outcomes recorded. */
    private static Reports.Sent sendThroughNodeA(String... to) {
        Reports.Sent sent = Reports.send(nodeA, SMTP, key, FROM, List.of(to), "Stale test " + N.incrementAndGet());
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Reports.ledger(nodeA, sent.id(), "EmailDelivered").size() == to.length);
        return sent;
    }

    private static String recipient(String label) {
        String address = label + "-" + N.incrementAndGet() + "@stale.example";
        Mailbox.confirm(nodeA.api(), SMTP, key, address);
        return address;
    }

    private static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.ISO_8859_1);
    }
}
