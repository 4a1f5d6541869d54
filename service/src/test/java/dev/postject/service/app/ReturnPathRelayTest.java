package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.returnpath.ReturnPaths;
import dev.postject.service.platform.crypto.SecretBox;
import io.dropwizard.testing.ConfigOverride;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code POSTJECT_BOUNCE_DOMAIN} set, a relay gets each recipient's copy in a transaction of
 * its own, from a VERP Return-Path that names the email and the recipient; the message is the same.
 */
class ReturnPathRelayTest {
    static final String KEY = "an-encryption-key-of-the-return-path-relay-test";
    static final String BOUNCE_DOMAIN = "bounces.postject.test";

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port,
            ConfigOverride.config("delivery.bounceDomain", BOUNCE_DOMAIN),
            ConfigOverride.config("security.encryptionKey", KEY));

    /** The service's own Return-Paths: the key derived from its encryption secret. */
    static ReturnPaths returnPaths() {
        return new ReturnPaths(
                new SecretBox(KEY.getBytes(StandardCharsets.UTF_8)).derive("return paths"), BOUNCE_DOMAIN);
    }

    @Test
    void eachRecipientGetsItsCopyFromAReturnPathNamingTheEmailAndTheRecipient() throws Exception {
        Api.Session session = APP.api().signUp("verp-relay@example.com");
        String key = APP.api().createKey(session.token(), "{}").get("key").asText();
        String from = "sender@verp.example";
        List<String> to = List.of("ann@verp.example", "bob@verp.example");
        Mailbox.confirm(APP.api(), SMTP, key, from);
        for (String recipient : to) {
            Mailbox.confirm(APP.api(), SMTP, key, recipient);
        }

        Api.Reply sent = APP.api()
                .post("/v1/emails", key, Api.json(Map.of("from", from, "to", to, "subject", "VERP", "text", "Hello")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String id = sent.json().get("id").asText();

        ReturnPaths returnPaths = returnPaths();
        for (String recipient : to) {
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> SMTP.receivedFor(recipient).stream()
                            .anyMatch(r -> new String(r.data(), StandardCharsets.UTF_8).contains("Subject: VERP")));
            ScriptedSmtpServer.Received copy = SMTP.receivedFor(recipient).stream()
                    .filter(r -> new String(r.data(), StandardCharsets.UTF_8).contains("Subject: VERP"))
                    .findFirst()
                    .orElseThrow();
            assertThat(copy.recipients()).containsExactly(recipient);
            assertThat(copy.envelopeFrom()).startsWith("bounces+").endsWith("@" + BOUNCE_DOMAIN);
            ReturnPaths.Token token = returnPaths.parse(copy.envelopeFrom()).orElseThrow();
            assertThat(token.emailId()).isEqualTo(id);
            assertThat(returnPaths.recipientOf(token, to)).contains(recipient);
            assertThat(copy.parse().getFrom()[0].toString()).isEqualTo(from);
        }
    }
}
