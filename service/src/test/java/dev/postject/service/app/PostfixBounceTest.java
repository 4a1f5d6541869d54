package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounce after a {@code 250}, end to end with a real MTA: Postject relays through a Postfix of its
 * own, which accepts the message, then meets {@code 550 5.1.1} at the next hop and mails a delivery
 * status notification to the VERP Return-Path; {@code transport_maps} take it to Postject's
 * inbound port, as the bounce domain's MX would.
 */
class PostfixBounceTest {
    static final String BOUNCE_DOMAIN = "bounces.postject.test";

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer NEXT_HOP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(3)
    static final PostfixMta POSTFIX = new PostfixMta(
            NEXT_HOP::port, BOUNCE_DOMAIN, () -> PostfixBounceTest.APP.inbound().port());

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            POSTFIX::port,
            ConfigOverride.config("delivery.bounceDomain", BOUNCE_DOMAIN),
            ConfigOverride.config("security.encryptionKey", "an-encryption-key-of-the-postfix-bounce-test"));

    @Test
    void aRecipientRefusedAfterPostfixAccepted_bouncesAsynchronously_andIsSuppressed() {
        Api.Session session = APP.api().signUp("postfix-bounce@example.com");
        String key = APP.api().createKey(session.token(), "{}").get("key").asText();
        String from = "billing@postfix-bounce.example";
        String to = "gone@postfix-bounce.example";
        Mailbox.confirm(APP.api(), NEXT_HOP, key, from);
        Mailbox.confirm(APP.api(), NEXT_HOP, key, to);
        NEXT_HOP.script(to, 550);

        Api.Reply sent = APP.api()
                .post(
                        "/v1/emails",
                        key,
                        Api.json(java.util.Map.of("from", from, "to", to, "subject", "Invoice", "text", "Hi")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String id = sent.json().get("id").asText();

        await().atMost(Duration.ofSeconds(60))
                .alias("Postfix's bounce recorded; Postfix log:\n" + POSTFIX.log())
                .until(() -> !Reports.ledger(APP, id, "EmailBounced").isEmpty());
        assertThat(Reports.ledger(APP, id))
                .extracting(Reports.Event::type)
                .containsExactly("EmailQueued", "EmailDelivered", "EmailBounced");
        JsonNode bounced = Reports.ledger(APP, id, "EmailBounced").get(0);
        assertThat(bounced.get("recipient").asText()).isEqualTo(to);
        assertThat(bounced.get("asynchronous").asBoolean()).isTrue();
        assertThat(bounced.get("bounceType").asText()).isEqualTo("hard");
        assertThat(bounced.get("subtype").asText()).isEqualTo("mailbox_unknown");
        assertThat(bounced.get("status").asText()).isEqualTo("5.1.1");
        assertThat(bounced.get("response").asText()).contains("550", "scripted reply for " + to);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode email = APP.api().get("/v1/emails/" + id, key).json();
            assertThat(email.get("status").asText()).isEqualTo("bounced");
            assertThat(list(email.get("events"))).anySatisfy(e -> {
                assertThat(e.get("type").asText()).isEqualTo("bounced");
                assertThat(e.get("recipient").asText()).isEqualTo(to);
            });
        });
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(list(
                                APP.api().get("/v1/suppressions", key).json().get("data")))
                        .anySatisfy(s -> assertThat(s.get("email").asText()).isEqualTo(to)));
    }

    private static List<JsonNode> list(JsonNode array) {
        return array == null
                ? List.of()
                : StreamSupport.stream(array.spliterator(), false).toList();
    }
}
