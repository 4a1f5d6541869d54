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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /email and /email/batch in Postmark's dialect, over plain HTTP: the translation of each field, and each refusal. */
class PostmarkEndpointTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port,
            ConfigOverride.config("http.maxEmailRequestBody", "2MiB"),
            ConfigOverride.config("sending.sandboxDailyLimit", "3"));

    private static Reply post(String path, String token, String body) {
        HttpRequest.Builder request = APP.api().request(path, null).header("Content-Type", "application/json");
        if (token != null) {
            request.header("X-Postmark-Server-Token", token);
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

    private static ScriptedSmtpServer.Received receivedBy(String recipient, String id) {
        return SMTP.receivedFor(recipient).stream()
                .filter(r -> new String(r.data(), StandardCharsets.UTF_8).contains(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing for " + recipient));
    }

    @Test
    void send_translatesPostmarksFields_ontoTheOneSendPath() throws Exception {
        Sender s = DialectSenders.sender(APP, SMTP, 5);
        String to =
                "\"Doe, Jane\" <" + s.addresses().get(1) + ">, " + s.addresses().get(2);
        byte[] csv = "id,total\n1042,99.50\n".getBytes(StandardCharsets.UTF_8);
        Reply reply = post(
                "/email",
                s.serverToken(),
                Api.json(Map.ofEntries(
                        Map.entry("From", "Acme Receipts <" + s.from() + ">"),
                        Map.entry("To", to),
                        Map.entry("Cc", s.addresses().get(3)),
                        Map.entry("Bcc", s.addresses().get(4)),
                        Map.entry("ReplyTo", "help@example.com"),
                        Map.entry("Subject", "Your receipt"),
                        Map.entry("TextBody", "Thanks for your order."),
                        Map.entry("HtmlBody", "<p>Thanks for your order.</p>"),
                        Map.entry("Tag", "receipts"),
                        Map.entry("Headers", List.of(Map.of("Name", "X-Order", "Value", "1042"))),
                        Map.entry("Metadata", Map.of("order", "1042")),
                        Map.entry(
                                "Attachments",
                                List.of(Map.of(
                                        "Name", "order.csv",
                                        "Content", Base64.getEncoder().encodeToString(csv),
                                        "ContentType", "text/csv"))),
                        Map.entry("TrackOpens", false),
                        Map.entry("TrackLinks", "None"),
                        Map.entry("MessageStream", "outbound"))));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode answer = reply.json();
        assertThat(answer.get("ErrorCode").asInt()).isZero();
        assertThat(answer.get("Message").asText()).isEqualTo("OK");
        assertThat(answer.get("To").asText()).isEqualTo(to);
        assertThat(answer.get("SubmittedAt").asText()).isNotBlank();
        String id = answer.get("MessageID").asText();
        assertThat(id).startsWith("msg_");

        JsonNode email = delivered(s, id);
        assertThat(email.get("source").asText()).isEqualTo("postmark");
        // sent as the server token: it reads the email, as it reads those it sends to POST /v1/emails
        assertThat(APP.api().get("/v1/emails/" + id, s.serverToken()).status()).isEqualTo(200);
        assertThat(email.get("tag").asText()).isEqualTo("receipts");
        assertThat(email.get("to")).hasSize(2);
        assertThat(email.get("to").get(0).asText())
                .contains("Doe, Jane")
                .contains(s.addresses().get(1));

        for (String recipient : s.addresses().subList(1, 5)) {
            assertThat(receivedBy(recipient, id).recipients()).containsExactly(recipient);
        }
        MimeMessage message = receivedBy(s.addresses().get(4), id).parse();
        assertThat(message.getHeader("To", ","))
                .contains("Doe, Jane")
                .contains(s.addresses().get(2));
        assertThat(message.getHeader("Cc", ",")).contains(s.addresses().get(3));
        assertThat(message.getHeader("Bcc")).isNull();
        assertThat(message.getHeader("Reply-To", ",")).isEqualTo("help@example.com");
        assertThat(message.getHeader("X-Order", ",")).isEqualTo("1042");
        assertThat(message.getSubject()).isEqualTo("Your receipt");
        MimeMultipart mixed = (MimeMultipart) message.getContent();
        Part attachment = mixed.getBodyPart(mixed.getCount() - 1);
        assertThat(attachment.getFileName()).isEqualTo("order.csv");
        assertThat(attachment.getContentType()).startsWith("text/csv");
        assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(csv);
    }

    @Test
    void aMissingOrWrongToken_is401WithErrorCode10() {
        Sender s = DialectSenders.sender(APP, SMTP, 1);
        String email = Api.json(Map.of("From", s.from(), "To", s.from(), "Subject", "Hi", "TextBody", "Hi"));
        for (String token : new String[] {null, "", "pt_srv_not-a-token", s.key()}) {
            Reply reply = post("/email", token, email);
            assertThat(reply.status()).as(String.valueOf(token)).isEqualTo(401);
            assertThat(reply.json().get("ErrorCode").asInt()).isEqualTo(10);
            assertThat(reply.json().get("Message").asText()).contains("X-Postmark-Server-Token");
        }
        Reply batch = post("/email/batch", null, "[" + email + "]");
        assertThat(batch.status()).isEqualTo(401);
        assertThat(batch.json().get("ErrorCode").asInt()).isEqualTo(10);
    }

    @Test
    void theSendPathsRefusals_arePostmarksErrorCodes_andNothingIsQueued() {
        Sender s = DialectSenders.sender(APP, SMTP, 1);
        Map<String, Object> valid = Map.of("From", s.from(), "To", s.from(), "Subject", "Hi", "TextBody", "Hi");

        assertRefused(s, with(valid, "To", "someone-unconfirmed@example.org"), 412, "sandbox");
        assertRefused(s, with(valid, "From", "sender@unverified.example"), 400, "verified domain");
        assertRefused(s, with(valid, "Subject", "Hi\r\nBcc: victim@example.org"), 300, "'Subject'");
        assertRefused(s, with(valid, "To", s.from() + "\r\nBcc: victim@example.org"), 300, "'To'");
        assertRefused(s, with(valid, "To", "not an address"), 300, "'To'");
        assertRefused(s, with(valid, "To", " , "), 300, "'To'");
        assertRefused(s, with(valid, "TrackLinks", "TextOnly"), 300, "HTML");
        assertRefused(s, with(valid, "MessageStream", "broadcast"), 300, "outbound");
        assertRefused(
                s, with(valid, "Headers", List.of(Map.of("Name", "Bcc", "Value", "victim@example.org"))), 300, "Bcc");
        assertRefused(
                s,
                with(valid, "Attachments", List.of(Map.of("Name", "logo.png", "Content", "AAAA", "ContentID", "logo"))),
                300,
                "ContentID");
        assertRefused(
                s,
                with(valid, "Attachments", List.of(Map.of("Name", "x.bin", "Content", "%%%"))),
                300,
                "'Attachments[0].Content'");
        assertRefused(s, with(valid, "Unknown", "x"), 300, "Unknown");

        Reply malformed = post("/email", s.serverToken(), "{\"From\":");
        assertThat(malformed.status()).isEqualTo(422);
        assertThat(malformed.json().get("ErrorCode").asInt()).isEqualTo(402);

        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).isEmpty();
        assertThat(SMTP.receivedFor("victim@example.org")).isEmpty();
    }

    @Test
    void aSuppressedRecipient_isErrorCode406() {
        Sender s = DialectSenders.sender(APP, SMTP, 2);
        String bouncing = s.addresses().get(1);
        SMTP.script(bouncing, 550);
        Reply first = post(
                "/email",
                s.serverToken(),
                Api.json(Map.of("From", s.from(), "To", bouncing, "Subject", "Hi", "TextBody", "Hi")));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> APP.api().get("/v1/suppressions", s.key()).body().contains(bouncing));

        assertRefused(
                s, Map.of("From", s.from(), "To", bouncing, "Subject", "Again", "TextBody", "Hi"), 406, "suppression");
    }

    @Test
    void aBatch_answersEachEmail_inOrder_asPostmarkDoes() {
        Sender s = DialectSenders.sender(APP, SMTP, 2);
        Reply reply = post(
                "/email/batch",
                s.serverToken(),
                Api.json(List.of(
                        Map.of("From", s.from(), "To", s.addresses().get(1), "Subject", "One", "TextBody", "1"),
                        Map.of("From", s.from(), "To", "stranger@example.org", "Subject", "Two", "TextBody", "2"),
                        Map.of("From", s.from(), "To", s.addresses().get(1), "Subject", "Three"),
                        "not an email",
                        Map.of(
                                "From",
                                s.from(),
                                "To",
                                s.addresses().get(1),
                                "Subject",
                                "Five",
                                "HtmlBody",
                                "<p>5</p>"))));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode answers = reply.json();
        assertThat(answers).hasSize(5);
        assertThat(answers).extracting(a -> a.get("ErrorCode").asInt()).containsExactly(0, 412, 300, 402, 0);
        assertThat(answers.get(2).get("Message").asText()).contains("'TextBody'");
        for (int accepted : new int[] {0, 4}) {
            JsonNode answer = answers.get(accepted);
            assertThat(answer.get("To").asText()).isEqualTo(s.addresses().get(1));
            delivered(s, answer.get("MessageID").asText());
        }
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).hasSize(2);
    }

    @Test
    void aBatchOfMoreThan500_isErrorCode410_andNothingIsQueued() {
        Sender s = DialectSenders.sender(APP, SMTP, 1);
        List<Map<String, Object>> emails = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            emails.add(Map.of("From", s.from(), "To", s.from(), "Subject", "Hi", "TextBody", "Hi"));
        }
        Reply reply = post("/email/batch", s.serverToken(), Api.json(emails));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("ErrorCode").asInt()).isEqualTo(410);
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).isEmpty();
    }

    @Test
    void theSandboxsDailyAllowance_is429WithErrorCode429_andRetryAfter() {
        Sender s = DialectSenders.sender(APP, SMTP, 1);
        String email = Api.json(Map.of("From", s.from(), "To", s.from(), "Subject", "Hi", "TextBody", "Hi"));
        for (int i = 0; i < 3; i++) {
            assertThat(post("/email", s.serverToken(), email).status()).isEqualTo(200);
        }
        Reply limited = post("/email", s.serverToken(), email);
        assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
        assertThat(limited.json().get("ErrorCode").asInt()).isEqualTo(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).hasSize(3);
    }

    @Test
    void aBodyOverTheLimit_is413InPostmarksShape_andUnknownRoutesAreToo() {
        Sender s = DialectSenders.sender(APP, SMTP, 1);
        String huge =
                Api.json(Map.of("From", s.from(), "To", s.from(), "Subject", "Big", "TextBody", "x".repeat(3 << 20)));
        Reply tooLarge = post("/email", s.serverToken(), huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("ErrorCode").asInt()).isEqualTo(300);
        assertThat(tooLarge.json().get("Message").asText()).contains("exceeds");
        assertThat(tooLarge.json().has("error")).isFalse();

        Reply wrongMethod = APP.api()
                .send(APP.api()
                        .request("/email", null)
                        .header("X-Postmark-Server-Token", s.serverToken())
                        .GET());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("ErrorCode").asInt()).isEqualTo(300);
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).isEmpty();
    }

    private static void assertRefused(Sender s, Map<String, Object> email, int errorCode, String message) {
        Reply reply = post("/email", s.serverToken(), Api.json(email));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.json().get("ErrorCode").asInt()).as(reply.toString()).isEqualTo(errorCode);
        assertThat(reply.json().get("Message").asText()).as(reply.toString()).contains(message);
        assertThat(reply.json().has("MessageID")).isFalse();
    }
}
