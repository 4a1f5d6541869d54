package dev.postject.service.app;

import static dev.postject.service.app.DialectSenders.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.DialectSenders.Sender;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /emails and /emails/batch in Resend's dialect, over plain HTTP: fields, refusals, idempotency, batch modes. */
class ResendEndpointTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP =
            PostjectApp.relayingTo(SMTP::port, ConfigOverride.config("sending.sandboxDailyLimit", "4"));

    private static Reply post(String path, String key, String body, String... headers) {
        HttpRequest.Builder request = APP.api().request(path, key).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return APP.api().send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode delivered(Sender s, String id) {
        JsonNode[] email = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            email[0] = APP.api().get("/v1/emails/" + id, s.key()).json();
            assertThat(email[0].get("status").asText()).isEqualTo("delivered");
        });
        return email[0];
    }

    private static int emailsOf(Sender s) {
        return APP.api().get("/v1/emails", s.key()).json().get("data").size();
    }

    @Test
    void send_translatesResendsFields_ontoTheOneSendPath() throws Exception {
        Sender s = DialectSenders.sender(APP, SMTP, 4);
        byte[] pdf = "%PDF-1.4 not really".getBytes(StandardCharsets.UTF_8);
        Reply reply = post(
                "/emails",
                s.key(),
                Api.json(Map.ofEntries(
                        Map.entry("from", "Acme <" + s.from() + ">"),
                        Map.entry(
                                "to",
                                List.of(
                                        s.addresses().get(1),
                                        "Bob Example <" + s.addresses().get(2) + ">")),
                        Map.entry("cc", s.addresses().get(3)),
                        Map.entry("reply_to", "help@example.com"),
                        Map.entry("subject", "Your invoice"),
                        Map.entry("html", "<p>Invoice attached.</p>"),
                        Map.entry("text", "Invoice attached."),
                        Map.entry("headers", Map.of("X-Entity-Ref-ID", "inv-7")),
                        Map.entry("tags", List.of(Map.of("name", "category", "value", "invoice"))),
                        Map.entry(
                                "attachments",
                                List.of(Map.of(
                                        "filename", "invoice.pdf",
                                        "content", Base64.getEncoder().encodeToString(pdf),
                                        "content_type", "application/pdf"))))));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().size()).isEqualTo(1);
        String id = reply.json().get("id").asText();
        JsonNode email = delivered(s, id);
        assertThat(email.get("source").asText()).isEqualTo("resend");
        assertThat(email.get("to")).hasSize(2);

        ScriptedSmtpServer.Received copy = SMTP.receivedFor(s.addresses().get(2)).stream()
                .filter(r -> new String(r.data(), StandardCharsets.UTF_8).contains(id))
                .findFirst()
                .orElseThrow();
        MimeMessage message = copy.parse();
        assertThat(message.getHeader("To", ",")).contains("Bob Example");
        assertThat(message.getHeader("Cc", ",")).contains(s.addresses().get(3));
        assertThat(message.getHeader("Reply-To", ",")).isEqualTo("help@example.com");
        assertThat(message.getHeader("X-Entity-Ref-ID", ",")).isEqualTo("inv-7");
        MimeMultipart mixed = (MimeMultipart) message.getContent();
        Part attachment = mixed.getBodyPart(mixed.getCount() - 1);
        assertThat(attachment.getFileName()).isEqualTo("invoice.pdf");
        assertThat(attachment.getContentType()).startsWith("application/pdf");
        assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(pdf);
    }

    @Test
    void credentials_areRefusedInResendsTerms() {
        String email = Api.json(Map.of("from", "a@example.com", "to", "b@example.com", "subject", "Hi", "text", "Hi"));
        Reply missing = post("/emails", null, email);
        assertThat(missing.status()).isEqualTo(401);
        assertError(missing, 401, "missing_api_key");
        for (String key : new String[] {"re_123456789", "pt_live_forged", "pt_srv_forged"}) {
            Reply wrong = post("/emails", key, email);
            assertThat(wrong.status()).as(key).isEqualTo(403);
            assertError(wrong, 403, "invalid_api_key");
            assertThat(wrong.body()).doesNotContain(key);
        }
        assertError(post("/emails/batch", null, "[" + email + "]"), 401, "missing_api_key");
    }

    @Test
    void theSendPathsRefusals_areResendsErrors_andNothingIsQueued() {
        Sender s = DialectSenders.sender(APP, SMTP, 1);
        Map<String, Object> valid = Map.of("from", s.from(), "to", s.from(), "subject", "Hi", "text", "Hi");

        assertRefused(s, with(valid, "scheduled_at", "in 1 min"), 422, "validation_error", "schedule");
        assertRefused(
                s,
                with(valid, "attachments", List.of(Map.of("filename", "a.pdf", "path", "https://example.com/a.pdf"))),
                422,
                "invalid_attachment",
                "URLs");
        assertRefused(s, with(valid, "to", "stranger@example.org"), 403, "validation_error", "sandbox");
        assertRefused(s, with(valid, "from", "not an address"), 422, "invalid_from_address", "'from'");
        assertRefused(
                s,
                with(valid, "reply_to", List.of("x@example.com\r\nBcc: victim@example.org")),
                422,
                "validation_error",
                "'reply_to'");
        assertRefused(
                s,
                with(valid, "headers", Map.of("X-A", "1\r\nBcc: victim@example.org")),
                422,
                "validation_error",
                "line breaks");
        Map<String, Object> noSubject = new java.util.HashMap<>(valid);
        noSubject.remove("subject");
        assertRefused(s, noSubject, 422, "missing_required_field", "'subject'");
        assertRefused(s, with(valid, "template", Map.of("id", "t")), 422, "validation_error", "template");
        assertRefused(s, with(valid, "text", "x".repeat(11 * 1024 * 1024)), 422, "validation_error", "10 MB");

        assertThat(emailsOf(s)).isZero();
        assertThat(SMTP.receivedFor("victim@example.org")).isEmpty();
    }

    @Test
    void anIdempotencyKey_queuesOnce_andRefusesAnotherBody() {
        Sender s = DialectSenders.sender(APP, SMTP, 1);
        String email = Api.json(Map.of("from", s.from(), "to", s.from(), "subject", "Once", "text", "Hi"));
        Reply first = post("/emails", s.key(), email, "Idempotency-Key", "order-1042");
        Reply again = post("/emails", s.key(), email, "Idempotency-Key", "order-1042");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asText())
                .isEqualTo(first.json().get("id").asText());
        assertThat(emailsOf(s)).isEqualTo(1);

        Reply other = post(
                "/emails",
                s.key(),
                Api.json(Map.of("from", s.from(), "to", s.from(), "subject", "Other", "text", "Hi")),
                "Idempotency-Key",
                "order-1042");
        assertError(other, 409, "invalid_idempotent_request");
        assertThat(emailsOf(s)).isEqualTo(1);
    }

    @Test
    void aStrictBatch_queuesAllOrNone_aPermissiveOne_eachOnItsOwn() {
        Sender s = DialectSenders.sender(APP, SMTP, 2);
        String batch = Api.json(List.of(
                Map.of("from", s.from(), "to", s.addresses().get(1), "subject", "One", "text", "1"),
                Map.of("from", s.from(), "to", "stranger@example.org", "subject", "Two", "text", "2"),
                Map.of("from", s.from(), "to", s.addresses().get(1), "subject", "Three", "html", "<p>3</p>")));

        Reply strict = post("/emails/batch", s.key(), batch);
        assertError(strict, 403, "validation_error");
        assertThat(strict.json().get("message").asText()).startsWith("emails[1]");
        assertThat(emailsOf(s)).isZero();

        Reply permissive = post("/emails/batch", s.key(), batch, "x-batch-validation", "permissive");
        assertThat(permissive.status()).as(permissive.toString()).isEqualTo(200);
        assertThat(permissive.json().get("data")).hasSize(2);
        assertThat(permissive.json().get("errors")).hasSize(1);
        assertThat(permissive.json().get("errors").get(0).get("index").asInt()).isEqualTo(1);
        for (JsonNode sent : permissive.json().get("data")) {
            delivered(s, sent.get("id").asText());
        }

        Reply allGood = post(
                "/emails/batch",
                s.key(),
                Api.json(
                        List.of(Map.of("from", s.from(), "to", s.addresses().get(1), "subject", "Four", "text", "4"))));
        assertThat(allGood.status()).as(allGood.toString()).isEqualTo(200);
        assertThat(allGood.json().get("data")).hasSize(1);
        assertThat(allGood.json().has("errors")).isFalse();
        assertThat(emailsOf(s)).isEqualTo(3);
    }

    @Test
    void theSandboxsDailyAllowance_isDailyQuotaExceeded_withRetryAfter_forAStrictBatchToo() {
        Sender s = DialectSenders.sender(APP, SMTP, 1);
        Map<String, Object> email = Map.of("from", s.from(), "to", s.from(), "subject", "Hi", "text", "Hi");
        Reply three = post("/emails/batch", s.key(), Api.json(List.of(email, email, email)));
        assertThat(three.status()).as(three.toString()).isEqualTo(200);
        assertThat(post("/emails", s.key(), Api.json(email)).status()).isEqualTo(200);

        Reply limited = post("/emails", s.key(), Api.json(email));
        assertError(limited, 429, "daily_quota_exceeded");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        Reply batch = post("/emails/batch", s.key(), Api.json(List.of(email)));
        assertError(batch, 429, "daily_quota_exceeded");
        assertThat(batch.json().get("message").asText()).startsWith("emails[0]");
        assertThat(Long.parseLong(batch.header("Retry-After"))).isPositive();
        assertThat(emailsOf(s)).isEqualTo(4);
    }

    private static void assertRefused(Sender s, Map<String, Object> email, int status, String name, String message) {
        Reply reply = post("/emails", s.key(), Api.json(email));
        assertError(reply, status, name);
        assertThat(reply.json().get("message").asText()).as(reply.toString()).contains(message);
    }

    private static void assertError(Reply reply, int status, String name) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.json().get("statusCode").asInt()).isEqualTo(status);
        assertThat(reply.json().get("name").asText()).as(reply.toString()).isEqualTo(name);
        assertThat(reply.json().get("message").asText()).isNotBlank();
    }
}
