package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the receiving server answers decides each recipient's fate: 2xx, 4xx (retry), 5xx (bounce). */
class DeliveryTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(SMTP::port);

    private static final AtomicInteger N = new AtomicInteger();

    private static Api api() {
        return APP.api();
    }

    private record Sender(String key, String from, String to) {}

    private static Sender sender() {
        int n = N.incrementAndGet();
        Session session = api().signUp("delivery" + n + "@example.com");
        String key = api().createKey(session.token(), "{}").get("key").asText();
        String from = "from-" + n + "@example.net";
        String to = "to-" + n + "@example.net";
        Mailbox.confirm(APP.api(), SMTP, key, from);
        Mailbox.confirm(APP.api(), SMTP, key, to);
        return new Sender(key, from, to);
    }

    private static String send(Sender s, String to) {
        Reply reply = api().post(
                        "/v1/emails",
                        s.key(),
                        Api.json(Map.of("from", s.from(), "to", to, "subject", "s", "text", "x")));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().get("id").asText();
    }

    private static JsonNode awaitStatus(Sender s, String id, String status) {
        JsonNode[] email = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            email[0] = api().get("/v1/emails/" + id, s.key()).json();
            assertThat(email[0].get("status").asText()).isEqualTo(status);
        });
        return email[0];
    }

    @Test
    void temporaryFailure_isDeferred_thenRetriedWithBackoff_andDelivered_withTheSameMessageId() throws Exception {
        Sender s = sender();
        SMTP.scriptData(s.to(), 451);

        String id = send(s, s.to());

        JsonNode deferred = awaitStatus(s, id, "deferred");
        assertThat(deferred.get("events").get(1).get("type").asText()).isEqualTo("deferred");
        assertThat(deferred.get("events").get(1).get("detail").asText())
                .contains("451")
                .contains("attempt 1");
        APP.clock().advance(Duration.ofSeconds(61));
        JsonNode delivered = awaitStatus(s, id, "delivered");
        assertThat(delivered.get("events"))
                .extracting(e -> e.get("type").asText())
                .containsExactly("queued", "deferred", "delivered");

        ScriptedSmtpServer.Received refused = SMTP.refusedAtData().stream()
                .filter(r -> r.recipients().contains(s.to()))
                .findFirst()
                .orElseThrow();
        ScriptedSmtpServer.Received accepted = SMTP.receivedFor(s.to()).stream()
                .filter(r -> new String(r.data()).contains(id))
                .findFirst()
                .orElseThrow();
        assertThat(accepted.parse().getMessageID()).isEqualTo(refused.parse().getMessageID());
    }

    @Test
    void permanentFailure_forAnUnknownMailbox_bounces_andSuppressesTheAddress_forLaterSends() {
        Sender s = sender();
        SMTP.script(s.to(), 550);

        String id = send(s, s.to());

        JsonNode bounced = awaitStatus(s, id, "bounced");
        assertThat(bounced.get("events").get(1).get("detail").asText()).contains("550");
        JsonNode suppressions = api().get("/v1/suppressions", s.key()).json().get("data");
        assertThat(suppressions).hasSize(1);
        assertThat(suppressions.get(0).get("email").asText()).isEqualTo(s.to());
        assertThat(suppressions.get(0).get("reason").asText()).isEqualTo("hard_bounce");
        assertThat(suppressions.get(0).get("bounceType").asText()).isEqualTo("hard");
        assertThat(suppressions.get(0).get("subtype").asText()).isEqualTo("mailbox_unknown");
        assertThat(suppressions.get(0).get("emailId").asText()).isEqualTo(id);

        Reply onlySuppressed = api().post(
                        "/v1/emails",
                        s.key(),
                        Api.json(Map.of("from", s.from(), "to", s.to(), "subject", "s", "text", "x")));
        assertThat(onlySuppressed.status()).isEqualTo(422);
        assertThat(onlySuppressed.errorCode()).isEqualTo("recipients_suppressed");

        int copiesBefore = SMTP.receivedFor(s.to()).size();
        Reply mixed = api().post(
                        "/v1/emails",
                        s.key(),
                        Api.json(Map.of(
                                "from", s.from(), "to", List.of(s.to(), s.from()), "subject", "s", "text", "x")));
        JsonNode mixedEmail = awaitStatus(s, mixed.json().get("id").asText(), "delivered");
        assertThat(mixedEmail.get("events")).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("suppressed");
            assertThat(e.get("recipient").asText()).isEqualTo(s.to());
        });
        assertThat(SMTP.receivedFor(s.to())).hasSize(copiesBefore);

        assertThat(api().delete("/v1/suppressions/" + s.to(), s.key()).status()).isEqualTo(204);
        assertThat(api().delete("/v1/suppressions/" + s.to(), s.key()).status()).isEqualTo(404);
        awaitStatus(s, send(s, s.to()), "delivered");
    }

    @Test
    void deliveryThatKeepsFailing_isGivenUp_afterTheConfiguredTime() {
        Sender s = sender();
        SMTP.script(s.to(), 451, 451, 451, 451);

        String id = send(s, s.to());
        awaitStatus(s, id, "deferred");
        APP.clock().advance(Duration.ofHours(73));

        JsonNode failed = awaitStatus(s, id, "failed");
        JsonNode last = failed.get("events").get(failed.get("events").size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("failed");
        assertThat(last.get("detail").asText()).contains("Gave up").contains("451");
    }

    /**
     * A worker records one round's outcomes in one transaction. One of them already recorded (a
     * second delivery after a lease expired: here, a queue row made again for a delivered
     * recipient) fails it: none of the round stands, each is recorded on its own, and the other
     * recipient's delivery is still in the ledger, once.
     */
    @Test
    void anOutcomeAlreadyRecorded_inARoundOfSeveral_leavesTheOthersRecorded() throws Exception {
        Sender s = sender();
        String other = "other-" + N.incrementAndGet() + "@example.net";
        Mailbox.confirm(APP.api(), SMTP, s.key(), other);
        String first = send(s, s.to());
        awaitStatus(s, first, "delivered");
        SMTP.scriptData(other, 451);
        String second = send(s, other);
        awaitStatus(s, second, "deferred");
        try (Connection db = DriverManager.getConnection(APP.databaseUrl(), "postgres", "");
                PreparedStatement again = db.prepareStatement("INSERT INTO delivery_queue (email_id, account_id,"
                        + " recipient, queued_at, next_attempt_at) SELECT ?, account_id, ?, queued_at, next_attempt_at"
                        + " FROM delivery_queue WHERE email_id = ?")) {
            again.setString(1, first);
            again.setString(2, s.to());
            again.setString(3, second);
            assertThat(again.executeUpdate()).isEqualTo(1); // due with the deferred one: both in one lease
        }

        APP.clock().advance(Duration.ofSeconds(61));

        JsonNode delivered = awaitStatus(s, second, "delivered");
        assertThat(delivered.get("events"))
                .extracting(e -> e.get("type").asText())
                .containsExactly("queued", "deferred", "delivered");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(
                                SMTP.receivedFor(s.to()).stream().filter(r -> new String(r.data()).contains(first)))
                        .hasSize(2));
        JsonNode once = api().get("/v1/emails/" + first, s.key()).json();
        assertThat(once.get("events")).extracting(e -> e.get("type").asText()).containsExactly("queued", "delivered");
    }

    /**
     * The workers take an accepted email's deliveries straight from acceptance, up to a few
     * rounds' worth (here 2 workers x 16 x 4); the rest of a larger batch waits in the queue,
     * unleased, and is delivered all the same.
     */
    @Test
    void aBatchLargerThanTheWorkersTakeFromAcceptance_isDeliveredWhole() {
        Sender s = sender();
        List<String> items = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            items.add(Api.json(Map.of("from", s.from(), "to", s.to(), "subject", "batch " + i, "text", "x")));
        }
        Reply batch = api().post("/v1/emails/batch", s.key(), "[" + String.join(",", items) + "]");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        batch.json().get("data").forEach(item -> ids.add(item.path("id").asText()));
        assertThat(ids).hasSize(150).doesNotContain("");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ids)
                        .allSatisfy(id -> assertThat(SMTP.receivedFor(s.to()).stream()
                                        .filter(r -> new String(r.data()).contains(id)))
                                .hasSize(1)));
    }

    /**
     * A row leased to a node that is not in the table of live nodes at all (one that stopped while
     * an accepting transaction leased it a row) is taken over, as a crashed node's rows are.
     */
    @Test
    void aRowLeasedToANodeGoneFromTheTable_isTakenOver_andDelivered() throws Exception {
        Sender s = sender();
        SMTP.scriptData(s.to(), 451);
        String id = send(s, s.to());
        awaitStatus(s, id, "deferred");
        try (Connection db = DriverManager.getConnection(APP.databaseUrl(), "postgres", "");
                PreparedStatement lease = db.prepareStatement("UPDATE delivery_queue SET leased_by = 'gone',"
                        + " leased_until = now() + interval '30 minutes' WHERE email_id = ?")) {
            lease.setString(1, id);
            assertThat(lease.executeUpdate()).isEqualTo(1);
        }

        APP.clock().advance(Duration.ofSeconds(61)); // the retry is due

        awaitStatus(s, id, "delivered");
    }
}
