package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.webhooks.WebhookReceiver;
import dev.postject.service.webhooks.WebhookReceiver.Request;
import io.dropwizard.testing.ConfigOverride;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhooks to a real local HTTP receiver: Standard Webhooks signatures checked here with their
 * own code, retries with the same webhook-id, 3xx as failure, 410 disabling the endpoint, manual
 * retry, secret rotation; and no delivery from a replay.
 */
class WebhooksTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(1)
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP =
            PostjectApp.relayingTo(SMTP::port, ConfigOverride.config("webhooks.allowPrivate", "true"));

    private static final AtomicInteger N = new AtomicInteger();

    private static Api api() {
        return APP.api();
    }

    private record Account(Session session, String key, String from, String to) {}

    private static Account account() {
        int n = N.incrementAndGet();
        Session session = api().signUp("hooks" + n + "@example.com");
        String key = api().createKey(session.token(), "{}").get("key").asText();
        Account account = new Account(session, key, "from" + n + "@hooks.test", "to" + n + "@hooks.test");
        Mailbox.confirm(api(), SMTP, key, account.from());
        Mailbox.confirm(api(), SMTP, key, account.to());
        return account;
    }

    private static JsonNode createWebhook(Account account, String path, String... events) {
        Reply reply = api().post(
                        "/v1/webhooks",
                        account.key(),
                        Api.json(Map.of("url", RECEIVER.url(path), "events", List.of(events))));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private static String send(Account account) {
        Reply reply = api().post(
                        "/v1/emails",
                        account.key(),
                        Api.json(Map.of("from", account.from(), "to", account.to(), "subject", "s", "text", "x")));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().get("id").asText();
    }

    /** Standard Webhooks verification, written here from the spec, not with Postject's signer. */
    private static boolean validSignature(Request request, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
        String expected =
                "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        for (String candidate : request.header("webhook-signature").split(" ")) {
            if (candidate.equals(expected)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void endpoints_areCreatedWithAWhsecSecret_listedWithoutIt_andAudited() {
        Account account = account();
        JsonNode created = createWebhook(account, "/crud", "email.delivered", "email.bounced");

        assertThat(created.get("id").asText()).startsWith("whk_");
        assertThat(created.get("secret").asText()).matches("whsec_[A-Za-z0-9+/=]{40,}");
        assertThat(created.get("enabled").asBoolean()).isTrue();
        assertThat(created.get("events"))
                .extracting(JsonNode::asText)
                .containsExactly("email.delivered", "email.bounced");
        String id = created.get("id").asText();
        JsonNode listed =
                api().get("/v1/webhooks", account.key()).json().get("data").get(0);
        assertThat(listed.get("id").asText()).isEqualTo(id);
        assertThat(listed.has("secret")).isFalse();
        assertThat(api().get("/v1/webhooks/" + id, account.key())
                        .json()
                        .get("secret")
                        .asText())
                .isEqualTo(created.get("secret").asText());

        Reply patched = api().post("/v1/webhooks/" + id, account.key(), "");
        assertThat(patched.status()).isEqualTo(405);
        JsonNode updated = api().send(api().request("/v1/webhooks/" + id, account.key())
                        .header("Content-Type", "application/json")
                        .method(
                                "PATCH",
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"events\":[\"email.opened\"],\"enabled\":false}")))
                .json();
        assertThat(updated.get("events")).extracting(JsonNode::asText).containsExactly("email.opened");
        assertThat(updated.get("enabled").asBoolean()).isFalse();
        assertThat(updated.get("url").asText()).isEqualTo(RECEIVER.url("/crud"));

        for (String bad : List.of(
                "{\"url\":\"ftp://hooks.test/x\",\"events\":[\"email.delivered\"]}",
                "{\"url\":\"" + RECEIVER.url("/x") + "\",\"events\":[\"email.exploded\"]}",
                "{\"url\":\"" + RECEIVER.url("/x") + "\",\"events\":[]}",
                "{\"events\":[\"email.delivered\"]}",
                "{\"url\":\"" + RECEIVER.url("/x")
                        + "\",\"events\":[\"email.delivered\"],\"secret\":\"whsec_mine\"}")) {
            assertThat(api().post("/v1/webhooks", account.key(), bad).status())
                    .as(bad)
                    .isEqualTo(422);
        }
        Account stranger = account();
        assertThat(api().get("/v1/webhooks/" + id, stranger.key()).status()).isEqualTo(404);
        assertThat(api().delete("/v1/webhooks/" + id, stranger.key()).status()).isEqualTo(404);

        assertThat(api().delete("/v1/webhooks/" + id, account.key()).status()).isEqualTo(204);
        assertThat(api().get("/v1/webhooks/" + id, account.key()).status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String log = api().get(
                            "/v1/account/audit-log?limit=100", account.session().token())
                    .body();
            assertThat(log)
                    .contains("WebhookCreated", "WebhookUpdated", "WebhookDeleted")
                    .doesNotContain("whsec_");
        });
    }

    @Test
    void emailEvents_arriveSigned_withTheStandardHeaders_andTheirDeliveriesAreListed() throws Exception {
        Account account = account();
        JsonNode webhook = createWebhook(account, "/signed", "email.queued", "email.delivered");
        String secret = webhook.get("secret").asText();

        String emailId = send(account);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> RECEIVER.received("/signed").size() >= 2);
        List<Request> received = RECEIVER.received("/signed");
        for (Request request : received) {
            assertThat(validSignature(request, secret)).as(request.toString()).isTrue();
            assertThat(request.header("webhook-id")).startsWith("evt_");
            assertThat(Long.parseLong(request.header("webhook-timestamp")))
                    .isCloseTo(APP.clock().instant().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
            assertThat(request.header("content-type")).startsWith("application/json");
        }
        JsonNode queued = Api.parse(received.get(0).body());
        JsonNode delivered = Api.parse(received.stream()
                .filter(r -> r.body().contains("email.delivered"))
                .findFirst()
                .orElseThrow()
                .body());
        assertThat(queued.get("type").asText()).isEqualTo("email.queued");
        assertThat(delivered.get("type").asText()).isEqualTo("email.delivered");
        assertThat(delivered.get("timestamp").asText()).endsWith("Z");
        assertThat(delivered.get("data").get("emailId").asText()).isEqualTo(emailId);
        assertThat(delivered.get("data").get("recipient").asText()).isEqualTo(account.to());
        // a tampered body does not verify
        Request tampered = new Request(
                "/signed",
                received.get(0).headers(),
                received.get(0).body().replace("queued", "xqueued"),
                Instant.now());
        assertThat(validSignature(tampered, secret)).isFalse();

        JsonNode deliveries = api().get("/v1/webhooks/" + webhook.get("id").asText() + "/deliveries", account.key())
                .json()
                .get("data");
        assertThat(deliveries).hasSize(2);
        for (JsonNode d : deliveries) {
            assertThat(d.get("status").asText()).isEqualTo("succeeded");
            assertThat(d.get("attempts")).hasSize(1);
            assertThat(d.get("attempts").get(0).get("responseCode").asInt()).isEqualTo(200);
            assertThat(List.of(
                            received.get(0).header("webhook-id"),
                            received.get(1).header("webhook-id")))
                    .contains(d.get("eventId").asText());
        }
        // Postject's own mail to the account (the confirmation links) never makes webhooks
        assertThat(received).allSatisfy(r -> assertThat(r.body()).contains(emailId));
    }

    @Test
    void failures_areRetriedWithTheSameWebhookId_aRedirectIsAFailure_andManualRetryResends() {
        Account account = account();
        RECEIVER.script("/flaky", 500, 302);
        JsonNode webhook = createWebhook(account, "/flaky", "email.delivered");
        String deliveries = "/v1/webhooks/" + webhook.get("id").asText() + "/deliveries";

        send(account);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> RECEIVER.received("/flaky").size() == 1);
        JsonNode pending =
                api().get(deliveries, account.key()).json().get("data").get(0);
        assertThat(pending.get("status").asText()).isEqualTo("pending");
        assertThat(pending.get("attempts").get(0).get("responseCode").asInt()).isEqualTo(500);

        APP.clock().advance(Duration.ofSeconds(6)); // the second attempt is due 5 s (+-10%) after the first
        await().atMost(Duration.ofSeconds(10))
                .until(() -> RECEIVER.received("/flaky").size() == 2);
        assertThat(RECEIVER.received("/redirected/flaky")).isEmpty();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(api().get(deliveries, account.key())
                                .json()
                                .get("data")
                                .get(0)
                                .get("attempts"))
                        .hasSize(2));
        assertThat(api().get(deliveries, account.key())
                        .json()
                        .get("data")
                        .get(0)
                        .get("status")
                        .asText())
                .isEqualTo("pending");

        APP.clock().advance(Duration.ofMinutes(6)); // then 5 min
        await().atMost(Duration.ofSeconds(10))
                .until(() -> RECEIVER.received("/flaky").size() == 3);
        List<Request> attempts = RECEIVER.received("/flaky");
        assertThat(attempts)
                .extracting(r -> r.header("webhook-id"))
                .containsOnly(attempts.get(0).header("webhook-id"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode done =
                    api().get(deliveries, account.key()).json().get("data").get(0);
            assertThat(done.get("status").asText()).isEqualTo("succeeded");
            assertThat(done.get("attempts"))
                    .extracting(a -> a.get("responseCode").asInt())
                    .containsExactly(500, 302, 200);
        });

        String deliveryId = api().get(deliveries, account.key())
                .json()
                .get("data")
                .get(0)
                .get("id")
                .asText();
        Reply retried = api().post(deliveries + "/" + deliveryId + "/retry", account.key(), "");
        assertThat(retried.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> RECEIVER.received("/flaky").size() == 4);
        assertThat(RECEIVER.received("/flaky").get(3).header("webhook-id"))
                .isEqualTo(attempts.get(0).header("webhook-id"));
        assertThat(api().post(deliveries + "/wdl_nope/retry", account.key(), "").status())
                .isEqualTo(404);
    }

    @Test
    void gone_disablesTheEndpoint_andNothingMoreIsSentToIt() {
        Account account = account();
        RECEIVER.script("/gone", 410);
        JsonNode webhook = createWebhook(account, "/gone", "email.delivered");
        String id = webhook.get("id").asText();

        send(account);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(api().get("/v1/webhooks/" + id, account.key())
                                .json()
                                .get("enabled")
                                .asBoolean())
                        .isFalse());
        assertThat(api().get("/v1/webhooks/" + id + "/deliveries", account.key())
                        .json()
                        .get("data")
                        .get(0)
                        .get("status")
                        .asText())
                .isEqualTo("failed");

        // the outbox makes an email's deliveries in the transaction that records it delivered
        String second = send(account);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api().get("/v1/emails/" + second, account.key())
                        .json()
                        .get("status")
                        .asText()
                        .equals("delivered"));
        assertThat(api().get("/v1/webhooks/" + id + "/deliveries", account.key())
                        .json()
                        .get("data"))
                .hasSize(1);
        assertThat(RECEIVER.received("/gone")).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode entries = api().get(
                            "/v1/account/audit-log?type=WebhookDisabled",
                            account.session().token())
                    .json()
                    .get("data");
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).get("actor").get("type").asText()).isEqualTo("system");
        });
    }

    @Test
    void rotatingTheSecret_signsTheNextDeliveriesWithTheNewOne() throws Exception {
        Account account = account();
        JsonNode webhook = createWebhook(account, "/rotated", "email.delivered");
        String old = webhook.get("secret").asText();

        Reply rotated = api().post("/v1/webhooks/" + webhook.get("id").asText() + "/rotate-secret", account.key(), "");
        assertThat(rotated.status()).isEqualTo(200);
        String fresh = rotated.json().get("secret").asText();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);

        send(account);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> RECEIVER.received("/rotated").size() == 1);
        Request request = RECEIVER.received("/rotated").get(0);
        assertThat(validSignature(request, fresh)).isTrue();
        assertThat(validSignature(request, old)).isFalse();
    }

    @Test
    void replayingTheReadModels_sendsNothing() throws Exception {
        Account account = account();
        String webhookId = createWebhook(account, "/replay", "email.queued", "email.delivered")
                .get("id")
                .asText();
        send(account);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> RECEIVER.received("/replay").size() == 2);

        for (String projection : List.of("emails", "webhooks", "accounts")) {
            String answer = api().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.adminPort()
                                    + "/tasks/replay-projection?name=" + projection))
                            .POST(HttpRequest.BodyPublishers.noBody()))
                    .body();
            assertThat(answer).contains("Replayed " + projection);
        }

        // a replay commits before it answers: a webhook it caused would be a delivery by now
        assertThat(api().get("/v1/webhooks/" + webhookId + "/deliveries", account.key())
                        .json()
                        .get("data"))
                .hasSize(2);
        assertThat(RECEIVER.received("/replay")).hasSize(2);
        assertThat(api().get("/v1/webhooks", account.key()).json().get("data")).hasSize(1);
    }
}
