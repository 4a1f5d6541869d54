package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.mail.ScriptedSmtpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.jdbi.v3.core.Jdbi;

/**
 * For the tests of the inbound listener: emails really sent through a relay with VERP Return-Paths
 * (what each recipient's copy went out from), the report fixtures of {@code reports/}, and what the
 * ledger recorded on an email.
 */
final class Reports {
    /** An email as sent: its id, its Message-ID and each recipient's Return-Path. */
    record Sent(String id, String messageId, Map<String, String> returnPaths) {
        String returnPath(String recipient) {
            return returnPaths.get(recipient);
        }
    }

    /** One event the ledger holds for an email: its type's simple name and its JSON. */
    record Event(String type, JsonNode payload) {}

    private Reports() {}

    /** Sends an email from {@code from} to {@code to} (confirmed sandbox addresses) and waits for every copy. */
    static Sent send(
            PostjectApp app, ScriptedSmtpServer smtp, String key, String from, List<String> to, String subject) {
        Api.Reply sent = app.api()
                .post("/v1/emails", key, Api.json(Map.of("from", from, "to", to, "subject", subject, "text", "Hello")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String id = sent.json().get("id").asText();
        Map<String, String> returnPaths = new LinkedHashMap<>();
        String messageId = null;
        for (String recipient : to) {
            await().atMost(Duration.ofSeconds(15)).until(() -> copy(smtp, recipient, subject) != null);
            ScriptedSmtpServer.Received copy = copy(smtp, recipient, subject);
            returnPaths.put(recipient, copy.envelopeFrom());
            try {
                messageId = copy.parse().getMessageID();
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError(e);
            }
        }
        return new Sent(id, messageId, returnPaths);
    }

    private static ScriptedSmtpServer.Received copy(ScriptedSmtpServer smtp, String recipient, String subject) {
        return smtp.receivedFor(recipient).stream()
                .filter(r -> new String(r.data(), StandardCharsets.UTF_8).contains("Subject: " + subject))
                .findFirst()
                .orElse(null);
    }

    /** A fixture of {@code src/test/resources/reports/}, as text. */
    static String fixture(String path) {
        try (InputStream in = Reports.class.getResourceAsStream("/reports/" + path)) {
            if (in == null) {
                throw new AssertionError("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The redacted ARF fixture (no recipient anywhere, the original's header alone, base64), its
     * original's Message-ID and From replaced.
     */
    static String redactedComplaint(String messageId, String from) {
        String fixture = fixture("arf/redacted-headers-only.eml");
        int start = fixture.indexOf("base64\r\n\r\n") + "base64\r\n\r\n".length();
        int end = fixture.indexOf("\r\n\r\n--_arf_redacted_--");
        String headers = new String(
                        Base64.getMimeDecoder().decode(fixture.substring(start, end)), StandardCharsets.ISO_8859_1)
                .replace("<msg_4rT6yU8iO0pA2sD4fG6h@acme.example>", messageId)
                .replace("news@acme.example", from);
        String encoded = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(headers.getBytes(StandardCharsets.ISO_8859_1));
        return fixture.substring(0, start) + encoded + fixture.substring(end);
    }

    /**
     * {@code GET /v1/emails/{id}} once its timeline has an entry of this type ({@code bounced},
     * {@code delayed}, {@code complained}) about the recipient.
     */
    static JsonNode awaitEntry(PostjectApp app, String key, String emailId, String type, String recipient) {
        JsonNode[] email = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20))
                .alias("a " + type + " entry for " + recipient + " on email " + emailId)
                .until(() -> {
                    email[0] = app.api().get("/v1/emails/" + emailId, key).json();
                    JsonNode events = email[0].get("events");
                    return events != null
                            && StreamSupport.stream(events.spliterator(), false)
                                    .anyMatch(e -> e.get("type").asText().equals(type)
                                            && e.get("recipient").asText().equals(recipient));
                });
        return email[0];
    }

    /**
     * The email's events in the ledger, oldest first: for what the API cannot show, that a report
     * was committed before its {@code 250}, or that nothing at all was recorded.
     */
    static List<Event> ledger(PostjectApp app, String emailId) {
        return Jdbi.create(app.databaseUrl(), TestPostgres.USER, "")
                .withHandle(h -> h.createQuery("SELECT payloadtype, convert_from(payload, 'UTF8') FROM domainevententry"
                                + " WHERE aggregateidentifier = :id ORDER BY sequencenumber")
                        .bind("id", emailId)
                        .map((rs, ctx) -> new Event(
                                rs.getString(1).substring(rs.getString(1).lastIndexOf('.') + 1),
                                Api.parse(rs.getString(2))))
                        .list());
    }

    /** The email's events of this type. */
    static List<JsonNode> ledger(PostjectApp app, String emailId, String type) {
        return ledger(app, emailId).stream()
                .filter(e -> e.type().equals(type))
                .map(Event::payload)
                .toList();
    }
}
