package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.app.Submitter.Sender;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.webhooks.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.james.jdkim.api.SignatureRecord;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SMTP submission end to end with real clients: Jakarta Mail over STARTTLS and implicit TLS against
 * the certificate Postject generated, AUTH PLAIN and LOGIN, each message through the one send path
 * to a real SMTP server, and reported like an email sent over HTTP (its source aside).
 */
class SmtpSubmissionTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @RegisterExtension
    @Order(3)
    static final TestDns DNS = new TestDns();

    @RegisterExtension
    @Order(4)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port,
            ConfigOverride.config("webhooks.allowPrivate", "true"),
            ConfigOverride.config("dns.servers", () -> "127.0.0.1:" + DNS.port()));

    private final Submitter submitter = new Submitter(APP);

    private static Sender sender(PostjectApp app, ScriptedSmtpServer smtp) {
        return Submitter.sender(app, smtp);
    }

    private static JsonNode awaitStatus(Sender s, String id, String status) {
        JsonNode[] email = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            email[0] = APP.api().get("/v1/emails/" + id, s.key()).json();
            assertThat(email[0].get("status").asText()).isEqualTo(status);
        });
        return email[0];
    }

    private static String delivered(String recipient, String id) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> SMTP.receivedFor(recipient).stream()
                        .anyMatch(r -> new String(r.data(), StandardCharsets.UTF_8).contains("X-Id: " + id)));
        return SMTP.receivedFor(recipient).stream()
                .map(r -> new String(r.data(), StandardCharsets.UTF_8))
                .filter(text -> text.contains("X-Id: " + id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aMessageSentWithJakartaMailOverStarttlsAndAuthPlain_isDeliveredAndReportedLikeAnyEmail() throws Exception {
        Sender s = sender(APP, SMTP);
        assertThat(APP.api()
                        .post(
                                "/v1/webhooks",
                                s.key(),
                                Api.json(Map.of("url", RECEIVER.url("/smtp"), "events", List.of("email.delivered"))))
                        .status())
                .isEqualTo(201);
        jakarta.mail.Session mail = submitter.session(false, "PLAIN");
        MimeMessage message = Submitter.message(mail, "App <" + s.from() + ">", s.to(), "Over SMTP");
        message.addRecipient(Message.RecipientType.BCC, new InternetAddress(s.from()));
        message.setHeader("X-Id", "e2e-1");
        message.setHeader("X-Postject-Tag", "receipts");
        message.setHeader("X-Postject-Metadata-Order", "1042");

        String id = Submitter.send(mail, message, s.key());

        // the 250 came after the commit: the email is there at once (a read-your-writes model)
        JsonNode email = APP.api().get("/v1/emails/" + id, s.key()).json();
        assertThat(email.get("source").asText()).isEqualTo("smtp");
        assertThat(email.get("tag").asText()).isEqualTo("receipts");
        assertThat(email.get("to")).extracting(JsonNode::asText).containsExactly(s.to());
        assertThat(email.get("bcc")).extracting(JsonNode::asText).containsExactly(s.from());
        assertThat(email.get("subject").asText()).isEqualTo("Over SMTP");
        awaitStatus(s, id, "delivered");
        String sent = delivered(s.to(), "e2e-1");
        assertThat(sent)
                .contains("Message-ID: " + message.getMessageID(), "Subject: Over SMTP")
                .doesNotContain("Bcc:", "X-Postject-");
        assertThat(SMTP.receivedFor(s.from()))
                .anySatisfy(r -> assertThat(new String(r.data())).contains("e2e-1"));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> RECEIVER.received("/smtp").stream()
                        .anyMatch(r -> r.body().contains(id) && r.body().contains("email.delivered")));
        String metadata = Jdbi.create(APP.databaseUrl(), TestPostgres.USER, "")
                .withHandle(h -> h.createQuery(
                                "SELECT convert_from(metadata, 'UTF8') FROM domainevententry"
                                        + " WHERE aggregateidentifier = :id AND payloadtype = 'dev.postject.events.EmailQueued'")
                        .bind("id", id)
                        .mapTo(String.class)
                        .one());
        String keyId = APP.api()
                .get("/v1/auth/api-keys", s.session().token())
                .json()
                .get("data")
                .get(0)
                .get("id")
                .asText();
        assertThat(Api.parse(metadata).get("actorType").asText()).isEqualTo("api_key");
        assertThat(Api.parse(metadata).get("actorId").asText()).isEqualTo(keyId);
        assertThat(Api.parse(metadata).get("clientIp").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void aBccField_isRemovedBeforeTheMessageIsStored_whileItsRecipientGetsACopy() throws Exception {
        Sender s = sender(APP, SMTP);
        try (var client = submitter.authenticated(s.key())) {
            assertThat(client.send("MAIL FROM:<" + s.from() + ">")).startsWith("250 2.1.0");
            assertThat(client.send("RCPT TO:<" + s.to() + ">")).startsWith("250 2.1.5");
            assertThat(client.send("RCPT TO:<" + s.from() + ">")).startsWith("250 2.1.5");
            assertThat(client.send("DATA")).startsWith("354");
            client.write("From: " + s.from() + "\r\nTo: " + s.to() + "\r\nBcc: " + s.from() + "\r\n"
                    + "Subject: Hidden copy\r\nX-Id: bcc-1\r\n\r\nHi\r\n.\r\n");
            String id = Submitter.queuedId(client.reply());

            awaitStatus(s, id, "delivered");
            assertThat(delivered(s.to(), "bcc-1"))
                    .doesNotContain("Bcc:")
                    .contains("Message-ID: <" + id + "@submit.test>");
            assertThat(delivered(s.from(), "bcc-1")).doesNotContain("Bcc:");
            JsonNode email = APP.api().get("/v1/emails/" + id, s.key()).json();
            assertThat(email.get("bcc")).extracting(JsonNode::asText).containsExactly(s.from());
        }
    }

    @Test
    void aMessageFromAVerifiedDomain_isDkimSignedAfterPostjectsEdits_andAnIndependentVerifierAcceptsIt()
            throws Exception {
        Sender s = sender(APP, SMTP);
        JsonNode domain = APP.api()
                .post("/v1/domains", s.key(), Api.json(Map.of("name", "signed.submit.test")))
                .json();
        domain.get("records")
                .forEach(r -> DNS.publish(r.get("name").asText(), r.get("value").asText()));
        assertThat(APP.api()
                        .post("/v1/domains/" + domain.get("id").asText() + "/verify", s.key(), "")
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("verified");
        try (var client = submitter.authenticated(s.key())) {
            assertThat(client.send("MAIL FROM:<bounces@signed.submit.test>")).startsWith("250");
            assertThat(client.send("RCPT TO:<" + s.to() + ">")).startsWith("250");
            assertThat(client.send("DATA")).startsWith("354");
            client.write("From: Shop <hello@signed.submit.test>\r\nTo: " + s.to() + "\r\nBcc: x@y.test\r\n"
                    + "Subject: Signed over SMTP\r\nX-Postject-Tag: signed\r\nX-Id: dkim-1\r\n\r\n"
                    + "Hello,  \r\nwith   spaces\r\n\r\n.\r\n");
            String id = Submitter.queuedId(client.reply());
            awaitStatus(s, id, "delivered");
        }

        byte[] sent = delivered(s.to(), "dkim-1").getBytes(StandardCharsets.UTF_8);
        List<SignatureRecord> signatures = DNS.dkimVerifier().verify(new ByteArrayInputStream(sent));
        assertThat(signatures).hasSize(1);
        assertThat(signatures.get(0).getDToken()).isEqualTo("signed.submit.test");
        assertThat(SMTP.receivedFor(s.to()).stream()
                        .filter(r -> new String(r.data(), StandardCharsets.UTF_8).contains("dkim-1"))
                        .findFirst()
                        .orElseThrow()
                        .envelopeFrom())
                .isEqualTo("bounces@signed.submit.test");
    }

    @Test
    void implicitTlsWithAuthLogin_trustsTheCertificateGeneratedIntoTheDataDirectory() throws Exception {
        Sender s = sender(APP, SMTP);
        jakarta.mail.Session mail = submitter.session(true, "LOGIN");
        MimeMessage message = Submitter.message(mail, s.from(), s.to(), "Implicit TLS");
        message.setHeader("X-Id", "tls-1");

        String id = Submitter.send(mail, message, s.key());

        awaitStatus(s, id, "delivered");
        assertThat(delivered(s.to(), "tls-1")).contains("Subject: Implicit TLS");
        String fingerprint = HexFormat.ofDelimiter(":")
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(submitter.certificate().getEncoded()));
        assertThat(APP.submission().identity().sha256Fingerprint()).isEqualTo(fingerprint);
        assertThat(APP.submission().identity().generated()).isTrue();
    }

    @Test
    void theListenerAdvertisesTheSameSizeLimitAsHttp_andItsExtensions() throws Exception {
        try (var client = dev.postject.service.mail.server.RawSmtp.connect(
                APP.submission().port())) {
            assertThat(client.reply()).startsWith("220 localhost ESMTP");
            assertThat(client.send("EHLO client.test").split("\n"))
                    .contains(
                            "250-PIPELINING",
                            "250-SIZE 10485760",
                            "250-8BITMIME",
                            "250-SMTPUTF8",
                            "250-ENHANCEDSTATUSCODES",
                            "250-STARTTLS",
                            "250 AUTH PLAIN LOGIN");
        }
    }

    @Test
    void theIdempotencyKeyHeader_makesARetryAnswerTheFirstEmail_andSendNothingNew() throws Exception {
        Sender s = sender(APP, SMTP);
        jakarta.mail.Session mail = submitter.session(false, "PLAIN");
        MimeMessage message = Submitter.message(mail, s.from(), s.to(), "Once");
        message.setHeader("X-Id", "idem-1");
        message.setHeader("X-Postject-Idempotency-Key", "order-7");
        message.saveChanges();

        String first = Submitter.send(mail, message, s.key());
        String again = Submitter.send(mail, message, s.key());

        assertThat(again).isEqualTo(first);
        awaitStatus(s, first, "delivered");
        assertThat(APP.api().get("/v1/emails", s.key()).json().get("data")).hasSize(1);
    }

    @Test
    void tracking_followsTheAccountsDefaults_withEachRecipientsHtmlRewrittenForIt() throws Exception {
        Sender s = sender(APP, SMTP);
        APP.api()
                .send(APP.api()
                        .request("/v1/account", s.key())
                        .header("Content-Type", "application/json")
                        .method(
                                "PATCH",
                                java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "{\"defaults\":{\"trackClicks\":true}}")));
        jakarta.mail.Session mail = submitter.session(false, "PLAIN");
        MimeMessage message = new MimeMessage(mail);
        message.setFrom(new InternetAddress(s.from()));
        message.setRecipients(Message.RecipientType.TO, s.to() + ", " + s.from());
        message.setSubject("Tracked");
        message.setHeader("X-Id", "track-1");
        message.setContent("<p><a href=\"https://shop.example/offer\">Offer</a></p>", "text/html; charset=UTF-8");

        String id = Submitter.send(mail, message, s.key());

        awaitStatus(s, id, "delivered");
        String toAnn = delivered(s.to(), "track-1");
        String toSelf = delivered(s.from(), "track-1");
        assertThat(toAnn.replace("=\r\n", "")).contains("/t/c/").doesNotContain("https://shop.example/offer");
        assertThat(toAnn).isNotEqualTo(toSelf);
    }

    @Test
    void swaks_sendsOverStarttlsWithAuthLogin_verifyingPostjectsCertificate() throws Exception {
        Sender s = sender(APP, SMTP);
        Process swaks = new ProcessBuilder(
                        "swaks",
                        "-4",
                        "--server",
                        "localhost",
                        "--port",
                        String.valueOf(APP.submission().port()),
                        "--tls",
                        "--tls-verify",
                        "--tls-ca-path",
                        submitter.certificateFile().toString(),
                        "--auth",
                        "LOGIN",
                        "--auth-user",
                        "app",
                        "--auth-password",
                        s.key(),
                        "--from",
                        s.from(),
                        "--to",
                        s.to(),
                        "--header",
                        "Subject: from swaks",
                        "--header",
                        "X-Id: swaks-1",
                        "--body",
                        "Hello from swaks.",
                        "--timeout",
                        "20")
                .redirectErrorStream(true)
                .start();
        String output = new String(swaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(swaks.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(swaks.exitValue()).as(output).isZero();

        String id = Submitter.queuedId(output);
        awaitStatus(s, id, "delivered");
        assertThat(delivered(s.to(), "swaks-1")).contains("Subject: from swaks");
    }
}
