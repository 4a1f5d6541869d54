package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.webhooks.WebhookReceiver;
import io.dropwizard.testing.ConfigOverride;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A send resolves its endpoint's name once, with the configured DNS servers, and connects to the
 * address that answer gave: a name answering one address for the check and another for the
 * connection (DNS rebinding) cannot steer the request. Private targets are allowed here, so the
 * "checked" address can be a local receiver; the pinning is the same with them refused.
 */
class WebhookPinningTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(1)
    static final TestDns DNS = new TestDns();

    @RegisterExtension
    @Order(1)
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port,
            ConfigOverride.config("webhooks.allowPrivate", "true"),
            ConfigOverride.config("dns.servers", () -> "127.0.0.1:" + DNS.port()));

    @Test
    void aSend_resolvesTheNameOnce_andConnectsToTheAddressThatAnswerGave() {
        Session session = APP.api().signUp("pinning@example.com");
        String key = APP.api().createKey(session.token(), "{}").get("key").asText();
        Mailbox.confirm(APP.api(), SMTP, key, "me@pinning.test");
        String host = "pinned.hooks.test";
        DNS.addresses(host, "127.0.0.1");
        Reply created = APP.api()
                .post(
                        "/v1/webhooks",
                        key,
                        Api.json(Map.of(
                                "url",
                                "http://" + host + ":" + RECEIVER.port() + "/pinned",
                                "events",
                                List.of("email.queued"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String deliveries = "/v1/webhooks/" + created.json().get("id").asText() + "/deliveries";

        // the first answer is where the receiver listens; every later one where nothing does
        DNS.addressesInTurn(host, List.of("127.0.0.1"), List.of("127.0.0.2"));
        Reply sent = APP.api()
                .post(
                        "/v1/emails",
                        key,
                        Api.json(Map.of(
                                "from", "me@pinning.test", "to", "me@pinning.test", "subject", "s", "text", "x")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode attempts =
                    APP.api().get(deliveries, key).json().get("data").get(0).get("attempts");
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0).get("responseCode").asInt())
                    .as(attempts.toString())
                    .isEqualTo(200);
        });
        assertThat(RECEIVER.received("/pinned")).hasSize(1);
        assertThat(RECEIVER.received("/pinned").get(0).header("host")).isEqualTo(host + ":" + RECEIVER.port());
        assertThat(DNS.queries(host, "A")).isEqualTo(1);
    }
}
