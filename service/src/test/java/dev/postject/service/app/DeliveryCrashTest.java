package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.webhooks.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The durability promise end to end: the service runs as its own process on the embedded
 * PostgreSQL; a few hundred emails are sent concurrently and the process is killed with SIGKILL
 * half-way. After a restart on the same data directory, every email that got a 202 reaches the
 * SMTP server exactly once, or twice for the few SMTP transactions in flight at the kill.
 */
class DeliveryCrashTest {
    private static final int EMAILS = 300;
    private static final Pattern MESSAGE_ID = Pattern.compile("Message-ID: <(msg_[A-Za-z0-9]+)@");

    private final ScriptedSmtpServer smtp = new ScriptedSmtpServer();
    private final WebhookReceiver receiver = new WebhookReceiver();

    @Test
    void everyAcknowledgedEmail_isDeliveredOnceOrTwice_afterKill9AndRestart() throws Exception {
        smtp.start();
        receiver.start();
        ServiceProcess service = new ServiceProcess(smtp.port());
        try {
            service.start();
            Api api = service.api();
            Session session = api.signUp("crash@example.com");
            String key = api.createKey(session.token(), "{}").get("key").asText();
            Mailbox.confirm(api, smtp, key, "sender@example.net");
            Mailbox.confirm(api, smtp, key, "receiver@example.net");
            Reply webhook = api.post(
                    "/v1/webhooks",
                    key,
                    Api.json(Map.of("url", receiver.url("/delivered"), "events", List.of("email.delivered"))));
            assertThat(webhook.status()).isEqualTo(201);
            // a slow SMTP server (2 connections, 1 s a message) until the kill: however fast or loaded
            // the machine, the kill lands on a backlog with transactions in flight
            smtp.slowDataBy(1_000);
            receiver.slowDownBy(3_000); // 4 workers: slower than delivery, so webhooks are still queued at the kill

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            for (int i = 0; i < EMAILS; i++) {
                int n = i;
                clients.submit(() -> {
                    Reply reply = sendQuietly(api, key, n);
                    if (reply != null && reply.status() == 202) {
                        acknowledged.add(reply.json().get("id").asText());
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= EMAILS / 2);

            service.kill();
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            Set<String> acked = Set.copyOf(acknowledged);
            int deliveredBeforeRestart = deliveries().size();
            int webhooksBeforeRestart = webhooksReceived().size();
            smtp.slowDataBy(0);
            receiver.slowDownBy(0);

            service.start();

            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(deliveries().keySet()).containsAll(acked));
            // every delivery is also pushed to the webhook: those queued at the kill go out after the restart
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(webhooksReceived()).containsAll(acked));
            Map<String, Integer> copies = deliveries();
            List<String> duplicated = new ArrayList<>();
            for (String id : acked) {
                assertThat(copies.get(id)).as(id).isBetween(1, 2);
                if (copies.get(id) == 2) {
                    duplicated.add(id);
                }
            }
            assertThat(duplicated.size())
                    .as("duplicates: only transactions in flight at the kill")
                    .isLessThanOrEqualTo(16);
            assertThat(acked.size()).isGreaterThanOrEqualTo(EMAILS / 2);
            System.out.printf(
                    "crash test: %d acknowledged, %d delivered before the kill, all delivered after restart, %d twice;"
                            + " webhooks: %d received before the restart, all after%n",
                    acked.size(), deliveredBeforeRestart, duplicated.size(), webhooksBeforeRestart);
            assertThat(deliveredBeforeRestart)
                    .as("the kill came while deliveries were under way")
                    .isLessThan(acked.size());
            String token = api.logIn(session.email());
            assertThat(api.get("/v1/emails/" + acked.iterator().next(), token)
                            .json()
                            .get("status")
                            .asText())
                    .isEqualTo("delivered");
        } finally {
            service.stop();
            smtp.stop();
            receiver.stop();
        }
    }

    /** Ids of the emails whose email.delivered webhook arrived (at least once). */
    private Set<String> webhooksReceived() {
        Set<String> ids = new java.util.HashSet<>();
        for (WebhookReceiver.Request request : receiver.received("/delivered")) {
            ids.add(Api.parse(request.body()).get("data").get("emailId").asText());
        }
        return ids;
    }

    /** Email id -> copies received by the SMTP server. */
    private Map<String, Integer> deliveries() {
        Map<String, Integer> copies = new HashMap<>();
        for (ScriptedSmtpServer.Received received : smtp.receivedFor("receiver@example.net")) {
            Matcher id = MESSAGE_ID.matcher(new String(received.data(), StandardCharsets.UTF_8));
            if (id.find()) {
                copies.merge(id.group(1), 1, Integer::sum);
            }
        }
        return copies;
    }

    private static Reply sendQuietly(Api api, String key, int n) {
        try {
            return api.post(
                    "/v1/emails",
                    key,
                    Api.json(Map.of(
                            "from",
                            "sender@example.net",
                            "to",
                            "receiver@example.net",
                            "subject",
                            "crash " + n,
                            "text",
                            "n=" + n)));
        } catch (AssertionError connectionLostAtTheKill) {
            return null;
        }
    }
}
