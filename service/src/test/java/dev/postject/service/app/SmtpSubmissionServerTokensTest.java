package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.app.Submitter.Sender;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.server.RawSmtp;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Server tokens over SMTP: a {@code pt_srv_} token as the AUTH password, a client on a token's
 * allowed network sending without AUTH, and a token revoked while a session it opened is still
 * open. Each email's actor is the token. (The tests' clients all connect from 127.0.0.1, so only one
 * test here names that network.)
 */
class SmtpSubmissionServerTokensTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(SMTP::port);

    private final Submitter submitter = new Submitter(APP);

    private static String message(Sender s, String subject) {
        return "From: " + s.from() + "\r\nTo: " + s.to() + "\r\nSubject: " + subject + "\r\nX-Id: " + subject
                + "\r\n\r\nHi\r\n.\r\n";
    }

    private static String submit(RawSmtp client, Sender s, String subject) throws IOException {
        assertThat(client.send("MAIL FROM:<" + s.from() + ">")).startsWith("250 2.1.0");
        assertThat(client.send("RCPT TO:<" + s.to() + ">")).startsWith("250 2.1.5");
        assertThat(client.send("DATA")).startsWith("354");
        client.write(message(s, subject));
        return Submitter.queuedId(client.reply());
    }

    private static JsonNode serverToken(Sender s, String body) {
        return APP.api().createServerToken(s.session().token(), body);
    }

    /** The metadata the email's EmailQueued event was recorded with. */
    private static JsonNode metadataOf(String emailId) {
        String metadata = Jdbi.create(APP.databaseUrl(), TestPostgres.USER, "")
                .withHandle(h -> h.createQuery(
                                "SELECT convert_from(metadata, 'UTF8') FROM domainevententry"
                                        + " WHERE aggregateidentifier = :id AND payloadtype = 'dev.postject.events.EmailQueued'")
                        .bind("id", emailId)
                        .mapTo(String.class)
                        .one());
        return Api.parse(metadata);
    }

    /** The actor type and id the email's EmailQueued event was recorded with. */
    private static String actorOf(String emailId) {
        JsonNode metadata = metadataOf(emailId);
        return metadata.get("actorType").asText() + ":"
                + metadata.get("actorId").asText();
    }

    private static void awaitDelivered(Sender s, String id, String token, String subject) {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(APP.api()
                                .get("/v1/emails/" + id, token)
                                .json()
                                .get("status")
                                .asText())
                        .isEqualTo("delivered"));
        assertThat(SMTP.receivedFor(s.to()))
                .anySatisfy(r ->
                        assertThat(new String(r.data(), StandardCharsets.UTF_8)).contains("Subject: " + subject));
    }

    @Test
    void aServerTokenAsTheSmtpPassword_sendsOverStarttls_asThatToken() throws Exception {
        Sender s = Submitter.sender(APP, SMTP);
        JsonNode token = serverToken(s, "{\"name\":\"app servers\"}");
        jakarta.mail.Session mail = submitter.session(false, "PLAIN");
        MimeMessage message = Submitter.message(mail, s.from(), s.to(), "token-password");

        String id = Submitter.send(mail, message, token.get("token").asText());

        assertThat(actorOf(id)).isEqualTo("server_token:" + token.get("id").asText());
        JsonNode email =
                APP.api().get("/v1/emails/" + id, token.get("token").asText()).json();
        assertThat(email.get("source").asText()).isEqualTo("smtp");
        awaitDelivered(s, id, token.get("token").asText(), "token-password");
    }

    @Test
    void aClientOnAServerTokensAllowedNetwork_sendsWithoutAuth_asThatToken() throws Exception {
        Sender s = Submitter.sender(APP, SMTP);
        JsonNode token = serverToken(s, "{\"name\":\"relay\",\"allowedNetworks\":[\"127.0.0.1/32\"]}");

        String id;
        try (RawSmtp client = submitter.raw()) {
            id = submit(client, s, "allowed-network");
        }

        assertThat(actorOf(id)).isEqualTo("server_token:" + token.get("id").asText());
        assertThat(metadataOf(id).get("clientIp").asText()).isEqualTo("127.0.0.1");
        awaitDelivered(s, id, token.get("token").asText(), "allowed-network");

        assertThat(APP.api()
                        .delete(
                                "/v1/server-tokens/" + token.get("id").asText(),
                                s.session().token())
                        .status())
                .isEqualTo(204);
        try (RawSmtp client = submitter.raw()) {
            assertThat(client.send("MAIL FROM:<" + s.from() + ">"))
                    .as("a revoked token's network sends no more")
                    .isEqualTo("530 5.7.0 Authentication required");
        }
    }

    @Test
    void aServerTokenRevokedWhileASessionItOpenedIsOpen_isRefusedAtTheNextMailFrom() throws IOException {
        Sender s = Submitter.sender(APP, SMTP);
        JsonNode token = serverToken(s, "{\"name\":\"short-lived\"}");
        try (RawSmtp client = submitter.authenticated(token.get("token").asText())) {
            submit(client, s, "before-revocation");

            assertThat(APP.api()
                            .delete(
                                    "/v1/server-tokens/" + token.get("id").asText(),
                                    s.session().token())
                            .status())
                    .isEqualTo(204);

            assertThat(client.send("MAIL FROM:<" + s.from() + ">"))
                    .startsWith("535 5.7.8 Authentication credentials invalid: the credential this session"
                            + " authenticated with was revoked");
        }
    }
}
