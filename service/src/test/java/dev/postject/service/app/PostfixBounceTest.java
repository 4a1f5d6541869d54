package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.webhooks.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounce after a {@code 250}, end to end with a real MTA: Postject relays through a Postfix of its
 * own, which accepts the message, then meets {@code 550 5.1.1} at the next hop and mails a delivery
 * status notification to the VERP Return-Path; {@code transport_maps} take it to Postject's
 * inbound port, as the bounce domain's MX would. What the account sees of it: the email's
 * recipient and timeline, its suppression list, and the {@code email.bounced} webhook at a real
 * HTTP receiver.
 */
class PostfixBounceTest {
    static final String BOUNCE_DOMAIN = "bounces.postject.test";

    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer NEXT_HOP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(1)
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @RegisterExtension
    @Order(3)
    static final PostfixMta POSTFIX = new PostfixMta(
            NEXT_HOP::port, BOUNCE_DOMAIN, () -> PostfixBounceTest.APP.inbound().port());

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            POSTFIX::port,
            ConfigOverride.config("delivery.bounceDomain", BOUNCE_DOMAIN),
            ConfigOverride.config("security.encryptionKey", "an-encryption-key-of-the-postfix-bounce-test"),
            ConfigOverride.config("webhooks.allowPrivate", "true"));

    @Test
    void aRecipientRefusedAfterPostfixAccepted_bouncesAsynchronously_andIsSuppressed() {
        Api.Session session = APP.api().signUp("postfix-bounce@example.com");
        String key = APP.api().createKey(session.token(), "{}").get("key").asText();
        String from = "billing@postfix-bounce.example";
        String to = "gone@postfix-bounce.example";
        Mailbox.confirm(APP.api(), NEXT_HOP, key, from);
        Mailbox.confirm(APP.api(), NEXT_HOP, key, to);
        BounceTests.webhook(APP.api(), key, RECEIVER, "/bounced", "email.bounced");
        NEXT_HOP.script(to, 550);

        Api.Reply sent = APP.api()
                .post("/v1/emails", key, Api.json(Map.of("from", from, "to", to, "subject", "Invoice", "text", "Hi")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String id = sent.json().get("id").asText();

        Reports.awaitEntry(APP, key, id, "bounced", to);
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20))
                .alias("the email bounced, as its timeline says")
                .untilAsserted(() -> {
                    seen[0] = APP.api().get("/v1/emails/" + id, key).json();
                    assertThat(seen[0].get("status").asText())
                            .as(seen[0].toString())
                            .isEqualTo("bounced");
                });
        JsonNode email = seen[0];
        assertThat(email.get("events"))
                .as("Postfix took it, then bounced it; Postfix log:\n%s", POSTFIX.log())
                .extracting(e -> e.get("type").asText())
                .containsExactly("queued", "delivered", "bounced");
        JsonNode recipient = BounceTests.recipient(email, to);
        assertThat(recipient.get("status").asText()).isEqualTo("bounced");
        JsonNode bounce = recipient.get("bounce");
        assertThat(bounce.get("bounceType").asText()).isEqualTo("hard");
        assertThat(bounce.get("subtype").asText()).isEqualTo("mailbox_unknown");
        assertThat(bounce.get("status").asText()).isEqualTo("5.1.1");
        assertThat(bounce.get("response").asText()).contains("550", "scripted reply for " + to);
        assertThat(bounce.get("asynchronous").asBoolean()).isTrue();

        JsonNode suppressed = BounceTests.awaitSuppression(APP.api(), key, to);
        assertThat(suppressed.get("reason").asText()).isEqualTo("hard_bounce");
        assertThat(suppressed.get("bounceType").asText()).isEqualTo("hard");
        assertThat(suppressed.get("subtype").asText()).isEqualTo("mailbox_unknown");
        assertThat(suppressed.get("emailId").asText()).isEqualTo(id);

        JsonNode hook = BounceTests.awaitWebhook(RECEIVER, "/bounced", "email.bounced", id);
        assertThat(hook.get("recipient").asText()).isEqualTo(to);
        assertThat(hook.get("bounceType").asText()).isEqualTo("hard");
        assertThat(hook.get("subtype").asText()).isEqualTo("mailbox_unknown");
        assertThat(hook.get("status").asText()).isEqualTo("5.1.1");
        assertThat(hook.get("response").asText()).contains("550");
        assertThat(hook.get("asynchronous").asBoolean()).isTrue();
    }
}
