package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Custom headers through real HTTP and SMTP: the ones an application may set go out folded and
 * encoded, the ones that would reroute, fake authentication or reshape the message are refused,
 * and no line that reaches the SMTP server is longer than 998 characters.
 */
class MessageHeadersTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(SMTP::port);

    private static final AtomicInteger N = new AtomicInteger();

    /** An account with a confirmed sender and recipient. */
    private record Sender(String key, String from, String to) {}

    private static Sender sender() {
        int n = N.incrementAndGet();
        Session session = APP.api().signUp("headers" + n + "@example.com");
        String key = APP.api().createKey(session.token(), "{}").get("key").asText();
        Sender sender = new Sender(key, "from" + n + "@headers.test", "to" + n + "@headers.test");
        Mailbox.confirm(APP.api(), SMTP, key, sender.from());
        Mailbox.confirm(APP.api(), SMTP, key, sender.to());
        return sender;
    }

    private static Reply send(Sender s, Map<String, Object> fields) {
        Map<String, Object> email = new HashMap<>(Map.of("from", s.from(), "to", s.to(), "subject", "Hi", "text", "x"));
        email.putAll(fields);
        return APP.api().post("/v1/emails", s.key(), Api.json(email));
    }

    @Test
    void legitimateCustomHeaders_goOutFoldedAndEncoded_andNoLineReachingSmtpIsOver998() throws Exception {
        Sender s = sender();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Campaign", "spring-2026");
        headers.put("List-Unsubscribe", "<https://example.net/unsubscribe/42>, <mailto:unsubscribe@example.net>");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        headers.put("In-Reply-To", "<msg_earlier@headers.test>");
        headers.put("References", "<first@headers.test> <msg_earlier@headers.test>");
        headers.put("X-Long", "word ".repeat(1_000).trim()); // a 5,000-character header
        headers.put("X-Note", "Grüße aus Köln, 東京");

        Reply reply = send(
                s,
                Map.of(
                        "from",
                        "Zoë Ünal <" + s.from() + ">",
                        "subject",
                        "Über" + " alles".repeat(150),
                        "headers",
                        headers));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);

        ScriptedSmtpServer.Received received =
                awaitMail(s.to(), reply.json().get("id").asText());
        String raw = new String(received.data(), StandardCharsets.ISO_8859_1);
        String headerSection = raw.substring(0, raw.indexOf("\r\n\r\n"));
        assertThat(headerSection).matches("[\\x00-\\x7f]*"); // encoded-words, never raw 8-bit bytes
        for (String line : raw.split("\r\n")) {
            assertThat(line.length())
                    .as(line.substring(0, Math.min(60, line.length())))
                    .isLessThanOrEqualTo(998);
        }
        MimeMessage message = received.parse();
        headers.forEach((name, value) -> {
            try {
                assertThat(MimeUtility.decodeText(MimeUtility.unfold(message.getHeader(name, null))))
                        .as(name)
                        .isEqualTo(value);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Zoë Ünal");
        assertThat(message.getSubject()).isEqualTo("Über" + " alles".repeat(150));
        assertThat(message.getContent().toString().strip()).isEqualTo("x"); // the body, not an attachment
        assertThat(message.getDisposition()).isNull();
    }

    @Test
    void headersThatRouteAuthenticateOrShapeTheMessage_are422_andNothingIsSent() {
        Sender s = sender();
        int transactions = SMTP.transactions();
        for (String name : List.of(
                "Content-Disposition",
                "Content-Type",
                "MIME-Version",
                "Resent-To",
                "Received",
                "Return-Path",
                "Delivered-To",
                "Errors-To",
                "DKIM-Signature",
                "ARC-Seal",
                "Authentication-Results",
                "Sender",
                "Reply-To",
                "Message-ID",
                "Date")) {
            Reply reply = send(s, Map.of("headers", Map.of(name, "attachment; filename=\"body.txt\"")));
            assertThat(reply.status()).as(name).isEqualTo(422);
            assertThat(reply.errorCode()).as(name).isEqualTo("header_not_allowed");
            assertThat(reply.json().get("error").get("field").asText()).isEqualTo("headers");
            assertThat(reply.json().get("error").get("message").asText()).contains(name);
        }
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).isEmpty();
        assertThat(SMTP.transactions()).isEqualTo(transactions);
    }

    @Test
    void headersTooBigOrTooLongForALine_are422() {
        Sender s = sender();
        String fourMegabytes = "x ".repeat(2 * 1024 * 1024);
        Reply huge =
                send(s, Map.of("headers", Map.of("X-A", fourMegabytes, "X-B", fourMegabytes, "X-C", fourMegabytes)));
        assertThat(huge.status()).as(huge.toString()).isEqualTo(422);
        assertThat(huge.errorCode()).isEqualTo("header_too_long");

        Reply unfoldable = send(s, Map.of("headers", Map.of("X-Token", "t".repeat(5_000))));
        assertThat(unfoldable.status()).isEqualTo(422);
        assertThat(unfoldable.errorCode()).isEqualTo("header_too_long");
        assertThat(unfoldable.json().get("error").get("field").asText()).isEqualTo("headers");

        Map<String, String> padding = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            padding.put("X-Pad-" + i, "pad ".repeat(2_000));
        }
        Reply overTheLimit = send(s, Map.of("text", "b".repeat(10 * 1024 * 1024 - 50_000), "headers", padding));
        assertThat(overTheLimit.status()).isEqualTo(422);
        assertThat(overTheLimit.errorCode()).isEqualTo("email_too_large");
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).isEmpty();
    }

    @Test
    void controlCharacters_are422_namingTheField() {
        Sender s = sender();
        Map<String, Map<String, Object>> cases = Map.of(
                "subject", Map.of("subject", "Hi\u0000there"),
                "tag", Map.of("tag", "receipts\u000B"),
                "headers", Map.of("headers", Map.of("X-Campaign", "spring\u000C2026")),
                "from", Map.of("from", "\"Evil\u001B[2J\" <" + s.from() + ">"),
                "attachments[0].filename",
                        Map.of("attachments", List.of(Map.of("filename", "a\u0085.txt", "content", "AA=="))));
        cases.forEach((field, fields) -> {
            Reply reply = send(s, fields);
            assertThat(reply.status()).as(field + ": " + reply).isEqualTo(422);
            assertThat(reply.errorCode()).as(field).isEqualTo("invalid_value");
            assertThat(reply.json().get("error").get("field").asText()).isEqualTo(field);
        });
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).isEmpty();
    }

    private static ScriptedSmtpServer.Received awaitMail(String recipient, String emailId) {
        ScriptedSmtpServer.Received[] found = new ScriptedSmtpServer.Received[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            found[0] = SMTP.receivedFor(recipient).stream()
                    .filter(r -> new String(r.data(), StandardCharsets.ISO_8859_1).contains(emailId))
                    .findFirst()
                    .orElse(null);
            return found[0] != null;
        });
        return found[0];
    }
}
