package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /v1/emails to a real SMTP server: envelope, headers, attachments, and every refusal. */
class SendingTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP =
            PostjectApp.relayingTo(SMTP::port, ConfigOverride.config("sending.sandboxDailyLimit", "5"));

    private static final AtomicInteger N = new AtomicInteger();

    private static Api api() {
        return APP.api();
    }

    /** An account with an API key and confirmed sandbox addresses: [0] is the sender. */
    private record Sender(Session session, String key, List<String> addresses) {
        String from() {
            return addresses.get(0);
        }
    }

    private static Sender sender(int confirmed) {
        int n = N.incrementAndGet();
        Session session = api().signUp("sender" + n + "@example.com");
        String key = api().createKey(session.token(), "{}").get("key").asText();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < confirmed; i++) {
            String address = "box" + i + "-" + n + "@example.net";
            Mailbox.confirm(APP.api(), SMTP, key, address);
            addresses.add(address);
        }
        return new Sender(session, key, addresses);
    }

    private static Reply send(String key, Map<String, Object> email) {
        return api().post("/v1/emails", key, Api.json(email));
    }

    private static JsonNode awaitStatus(String key, String id, String status) {
        JsonNode[] email = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            email[0] = api().get("/v1/emails/" + id, key).json();
            assertThat(email[0].get("status").asText()).isEqualTo(status);
        });
        return email[0];
    }

    @Test
    void email_reachesEachRecipient_ccInTheHeaders_bccOnlyInTheEnvelope() throws Exception {
        Sender s = sender(4);
        String to = s.addresses().get(1);
        String cc = s.addresses().get(2);
        String bcc = s.addresses().get(3);

        Reply reply = send(
                s.key(),
                Map.of(
                        "from",
                        "Acme Receipts <" + s.from() + ">",
                        "to",
                        to,
                        "cc",
                        List.of(cc),
                        "bcc",
                        bcc,
                        "replyTo",
                        "help@example.com",
                        "subject",
                        "Your receipt ✓",
                        "text",
                        "Thanks for your order.",
                        "headers",
                        Map.of("X-Order", "1042"),
                        "tag",
                        "receipts"));

        assertThat(reply.status()).isEqualTo(202);
        String id = reply.json().get("id").asText();
        assertThat(id).startsWith("msg_");
        assertThat(reply.json().get("status").asText()).isEqualTo("queued");
        JsonNode delivered = awaitStatus(s.key(), id, "delivered");
        assertThat(delivered.get("events"))
                .extracting(e -> e.get("type").asText())
                .containsExactly("queued", "delivered", "delivered", "delivered");

        List<ScriptedSmtpServer.Received> copies = new ArrayList<>();
        for (String recipient : List.of(to, cc, bcc)) {
            List<ScriptedSmtpServer.Received> got = SMTP.receivedFor(recipient).stream()
                    .filter(r -> new String(r.data(), StandardCharsets.UTF_8).contains(id))
                    .toList();
            assertThat(got).as(recipient).hasSize(1);
            assertThat(got.get(0).envelopeFrom()).isEqualTo(s.from());
            assertThat(got.get(0).recipients()).containsExactly(recipient);
            copies.add(got.get(0));
        }
        for (ScriptedSmtpServer.Received copy : copies) {
            MimeMessage message = copy.parse();
            assertThat(message.getHeader("To", ",")).contains(to);
            assertThat(message.getHeader("Cc", ",")).contains(cc);
            assertThat(message.getHeader("Bcc")).isNull();
            assertThat(new String(copy.data(), StandardCharsets.UTF_8)).doesNotContain(bcc);
            assertThat(message.getSubject()).isEqualTo("Your receipt ✓");
            assertThat(message.getHeader("Reply-To", ",")).isEqualTo("help@example.com");
            assertThat(message.getHeader("X-Order", ",")).isEqualTo("1042");
            assertThat(message.getMessageID())
                    .isEqualTo(copies.get(0).parse().getMessageID())
                    .startsWith("<" + id + "@");
            assertThat(message.getContent().toString()).contains("Thanks for your order.");
        }
    }

    @Test
    void attachments_andBothBodies_arriveIntact() throws Exception {
        Sender s = sender(2);
        byte[] binary = new byte[200_000];
        new Random(7).nextBytes(binary);
        byte[] csv = "id,total\n1042,99.50\n".getBytes(StandardCharsets.UTF_8);

        Reply reply = send(
                s.key(),
                Map.of(
                        "from",
                        s.from(),
                        "to",
                        s.addresses().get(1),
                        "subject",
                        "Invoice",
                        "text",
                        "Plain version",
                        "html",
                        "<p>HTML version</p>",
                        "attachments",
                        List.of(
                                Map.of(
                                        "filename",
                                        "invoice.pdf",
                                        "contentType",
                                        "application/pdf",
                                        "content",
                                        Base64.getEncoder().encodeToString(binary)),
                                Map.of(
                                        "filename",
                                        "lines.csv",
                                        "contentType",
                                        "text/csv",
                                        "content",
                                        Base64.getEncoder().encodeToString(csv)))));
        assertThat(reply.status()).isEqualTo(202);
        awaitStatus(s.key(), reply.json().get("id").asText(), "delivered");

        MimeMessage message = SMTP.receivedFor(s.addresses().get(1)).stream()
                .filter(r -> new String(r.data(), StandardCharsets.UTF_8).contains("invoice.pdf"))
                .findFirst()
                .orElseThrow()
                .parse();
        MimeMultipart mixed = (MimeMultipart) message.getContent();
        assertThat(mixed.getContentType()).startsWith("multipart/mixed");
        MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
        assertThat(alternative.getBodyPart(0).getContent().toString()).isEqualTo("Plain version");
        assertThat(alternative.getBodyPart(1).getContent().toString()).isEqualTo("<p>HTML version</p>");
        Map<String, Part> attachments = new HashMap<>();
        for (int i = 1; i < mixed.getCount(); i++) {
            attachments.put(mixed.getBodyPart(i).getFileName(), mixed.getBodyPart(i));
        }
        assertThat(bytes(attachments.get("invoice.pdf"))).isEqualTo(binary);
        assertThat(attachments.get("invoice.pdf").getContentType()).startsWith("application/pdf");
        assertThat(bytes(attachments.get("lines.csv"))).isEqualTo(csv);
        assertThat(attachments.get("lines.csv").isMimeType("text/csv")).isTrue();
    }

    @Test
    void sandbox_refusesAWholeEmail_whenAnyCcOrBccIsNotConfirmed_withoutAnySmtpSession() {
        Sender s = sender(2);
        int before = SMTP.transactions();

        Reply badCc = send(
                s.key(),
                Map.of(
                        "from",
                        s.from(),
                        "to",
                        s.addresses().get(1),
                        "cc",
                        "stranger@example.org",
                        "subject",
                        "Hi",
                        "text",
                        "x"));
        Reply badBcc = send(
                s.key(),
                Map.of(
                        "from",
                        s.from(),
                        "to",
                        s.addresses().get(1),
                        "bcc",
                        List.of("Someone <someone@example.org>", s.addresses().get(0)),
                        "subject",
                        "Hi",
                        "text",
                        "x"));

        assertThat(badCc.status()).isEqualTo(403);
        assertThat(badCc.errorCode()).isEqualTo("sandbox_recipient_not_allowed");
        assertThat(badCc.json().get("error").get("recipients"))
                .extracting(JsonNode::asText)
                .containsExactly("stranger@example.org");
        assertThat(badBcc.json().get("error").get("recipients"))
                .extracting(JsonNode::asText)
                .containsExactly("someone@example.org");
        assertThat(api().get("/v1/emails", s.key()).json().get("data")).isEmpty();
        assertThat(SMTP.transactions()).isEqualTo(before);
    }

    @Test
    void fromMustBeAConfirmedAddress() {
        Sender s = sender(2);
        Reply reply = send(
                s.key(), Map.of("from", "ceo@example.com", "to", s.addresses().get(1), "subject", "Hi", "text", "x"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorCode()).isEqualTo("sender_not_verified");
    }

    @Test
    void invalidEmails_are422_namingTheField_andQueueNothing() {
        Sender s = sender(2);
        String to = s.addresses().get(1);
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add("r" + i + "@example.org");
        }
        Map<String, Map<String, Object>> cases = Map.of(
                "text", Map.of("from", s.from(), "to", to, "subject", "no body"),
                "to", Map.of("from", s.from(), "to", tooMany, "subject", "s", "text", "x"),
                "from", Map.of("from", "not an address", "to", to, "subject", "s", "text", "x"),
                "attachments[0].content",
                        Map.of(
                                "from",
                                s.from(),
                                "to",
                                to,
                                "subject",
                                "s",
                                "text",
                                "x",
                                "attachments",
                                List.of(Map.of("filename", "a.bin", "content", "***not base64***"))),
                "subject",
                        Map.of("from", s.from(), "to", to, "subject", "line\r\nBcc: victim@example.org", "text", "x"),
                "headers",
                        Map.of(
                                "from",
                                s.from(),
                                "to",
                                to,
                                "subject",
                                "s",
                                "text",
                                "x",
                                "headers",
                                Map.of("Bcc", "x@example.org")),
                "trackEverything",
                        Map.of("from", s.from(), "to", to, "subject", "s", "text", "x", "trackEverything", true));
        cases.forEach((field, email) -> {
            Reply reply = send(s.key(), email);
            assertThat(reply.status()).as(field).isEqualTo(422);
            assertThat(reply.json().get("error").get("field").asText())
                    .as(field)
                    .isEqualTo(field);
        });
        assertThat(api().get("/v1/emails", s.key()).json().get("data")).isEmpty();
    }

    @Test
    void sandboxAccounts_sendAtMostTheDailyLimit_thenGet429WithRetryAfter() {
        Sender s = sender(2);
        Map<String, Object> email = Map.of("from", s.from(), "to", s.addresses().get(1), "subject", "n", "text", "x");
        for (int i = 0; i < 5; i++) {
            assertThat(send(s.key(), email).status()).isEqualTo(202);
        }

        Reply sixth = send(s.key(), email);

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.errorCode()).isEqualTo("sandbox_limit_reached");
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isBetween(86_000L, 86_401L);
    }

    @Test
    void idempotencyKey_replaysTheFirstAnswer_andRefusesADifferentBody() {
        Sender s = sender(2);
        String body = Api.json(Map.of("from", s.from(), "to", s.addresses().get(1), "subject", "once", "text", "x"));
        Reply one = sendWithKey(s.key(), "order-1042", body);
        Reply two = sendWithKey(s.key(), "order-1042", body);
        Reply other = sendWithKey(s.key(), "order-1042", body.replace("once", "twice"));

        assertThat(one.status()).isEqualTo(202);
        assertThat(two.status()).isEqualTo(202);
        assertThat(two.json().get("id").asText()).isEqualTo(one.json().get("id").asText());
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.errorCode()).isEqualTo("idempotency_key_reused");
        assertThat(api().get("/v1/emails", s.key()).json().get("data")).hasSize(1);
    }

    @Test
    void batch_answersEachItemInOrder_andOneBadItemStopsNothing() {
        Sender s = sender(2);
        Map<String, Object> good = Map.of("from", s.from(), "to", s.addresses().get(1), "subject", "b", "text", "x");
        Map<String, Object> bad = Map.of("from", s.from(), "to", "outsider@example.org", "subject", "b", "text", "x");

        Reply reply = api().post("/v1/emails/batch", s.key(), Api.json(List.of(good, bad, Map.of("from", 5), good)));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode results = reply.json().get("data");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("id").asText()).startsWith("msg_");
        assertThat(results.get(1).get("error").get("code").asText()).isEqualTo("sandbox_recipient_not_allowed");
        assertThat(results.get(2).get("error").get("code").asText()).isEqualTo("invalid_type");
        assertThat(results.get(3).get("id").asText()).startsWith("msg_");
        assertThat(api().get("/v1/emails", s.key()).json().get("data")).hasSize(2);
        assertThat(api().post("/v1/emails/batch", s.key(), "[]").status()).isEqualTo(422);
    }

    @Test
    void emails_areListedNewestFirst_withFilters_andAnotherAccountsEmailIs404() {
        Sender s = sender(3);
        String a = send(
                        s.key(),
                        Map.of(
                                "from",
                                s.from(),
                                "to",
                                s.addresses().get(1),
                                "subject",
                                "1",
                                "text",
                                "x",
                                "tag",
                                "welcome"))
                .json()
                .get("id")
                .asText();
        String b = send(
                        s.key(),
                        Map.of(
                                "from",
                                s.from(),
                                "to",
                                s.addresses().get(2),
                                "subject",
                                "2",
                                "text",
                                "x",
                                "tag",
                                "receipt"))
                .json()
                .get("id")
                .asText();
        Sender stranger = sender(1);

        assertThat(api().get("/v1/emails", s.key()).json().get("data"))
                .extracting(e -> e.get("id").asText())
                .containsExactly(b, a);
        assertThat(api().get("/v1/emails?tag=welcome", s.key()).json().get("data"))
                .extracting(e -> e.get("id").asText())
                .containsExactly(a);
        assertThat(api().get("/v1/emails?to=" + s.addresses().get(2).toUpperCase(), s.key())
                        .json()
                        .get("data"))
                .extracting(e -> e.get("id").asText())
                .containsExactly(b);
        Reply page = api().get("/v1/emails?limit=1", s.key());
        assertThat(page.json().get("hasMore").asBoolean()).isTrue();
        assertThat(api().get(
                                "/v1/emails?limit=1&after="
                                        + page.json().get("nextCursor").asText(),
                                s.key())
                        .json()
                        .get("data")
                        .get(0)
                        .get("id")
                        .asText())
                .isEqualTo(a);
        awaitStatus(s.key(), a, "delivered");
        assertThat(api().get("/v1/emails?status=delivered&tag=welcome", s.key())
                        .json()
                        .get("data"))
                .hasSize(1);

        assertThat(api().get("/v1/emails/" + a, stranger.key()).status()).isEqualTo(404);
        assertThat(api().get("/v1/emails/msg_nope", s.key()).errorCode()).isEqualTo("email_not_found");
    }

    @Test
    void anAddressListedTwice_inAnyCaseOrList_getsOneCopy() {
        Sender s = sender(2);
        String to = s.addresses().get(1);

        Reply reply = send(
                s.key(),
                Map.of(
                        "from",
                        s.from(),
                        "to",
                        List.of(to, to.toUpperCase()),
                        "cc",
                        to,
                        "subject",
                        "once",
                        "text",
                        "x"));

        String id = reply.json().get("id").asText();
        awaitStatus(s.key(), id, "delivered");
        assertThat(SMTP.receivedFor(to).stream()
                                .filter(r -> new String(r.data(), StandardCharsets.UTF_8).contains(id))
                                .count()
                        + SMTP.receivedFor(to.toUpperCase()).stream()
                                .filter(r -> new String(r.data(), StandardCharsets.UTF_8).contains(id))
                                .count())
                .isEqualTo(1);
    }

    @Test
    void devInbox_existsOnlyWithoutAConfiguredRelay() {
        Sender s = sender(1);
        assertThat(api().get("/v1/dev/inbox", s.key()).status()).isEqualTo(404);
    }

    @Test
    void messageContent_staysOutOfTheLedger() {
        Sender s = sender(2);
        String secret = "body-marker-" + N.incrementAndGet();
        send(s.key(), Map.of("from", s.from(), "to", s.addresses().get(1), "subject", "s", "text", secret));

        Jdbi db = Jdbi.create(APP.databaseUrl(), TestPostgres.USER, "");
        int inLedger = db.withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM domainevententry WHERE position(:m IN convert_from(payload, 'UTF8')) > 0")
                .bind("m", secret)
                .mapTo(Integer.class)
                .one());
        int inContent = db.withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM email_contents WHERE position(convert_to(:m, 'UTF8') IN mime) > 0")
                .bind("m", secret)
                .mapTo(Integer.class)
                .one());
        assertThat(inLedger).isZero();
        assertThat(inContent).isEqualTo(1);
    }

    private static Reply sendWithKey(String key, String idempotencyKey, String body) {
        return api().send(api().request("/v1/emails", key)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static byte[] bytes(Part part) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part.getDataHandler().writeTo(out);
        return out.toByteArray();
    }
}
