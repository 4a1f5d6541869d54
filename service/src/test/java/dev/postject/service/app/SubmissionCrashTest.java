package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import dev.postject.service.mail.server.RawSmtp;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The durability promise of SMTP submission: {@code 250} only after commit. The service runs as its
 * own process on the embedded PostgreSQL; 16 SMTP sessions submit messages back to back (pipelined
 * envelope, as clients do) and the process is killed with SIGKILL half-way. After a restart on the
 * same data directory, every message that got a {@code 250} reaches the SMTP server, once or (for
 * the deliveries in flight at the kill) twice.
 */
class SubmissionCrashTest {
    private static final int SESSIONS = 16;
    private static final int MESSAGES = 320;
    private static final Pattern MESSAGE_ID = Pattern.compile("Message-ID: <(msg_[A-Za-z0-9]+)@");

    private final ScriptedSmtpServer smtp = new ScriptedSmtpServer();

    @Test
    void everyMessageAnswered250_isDelivered_afterKill9AndRestart() throws Exception {
        smtp.start();
        ServiceProcess service = new ServiceProcess(smtp.port());
        try {
            service.start();
            Api api = service.api();
            Session session = api.signUp("smtp-crash@example.com");
            String key = api.createKey(session.token(), "{}").get("key").asText();
            Mailbox.confirm(api, smtp, key, "sender@example.net");
            Mailbox.confirm(api, smtp, key, "receiver@example.net");
            // a slow relay (2 connections, 1 s a message) until the kill: however fast or loaded the
            // machine, the kill lands on a backlog with transactions in flight
            smtp.slowDataBy(1_000);

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(SESSIONS);
            for (int i = 0; i < SESSIONS; i++) {
                clients.submit(() -> submitUntilKilled(service.submissionPort(), key, next, acknowledged));
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> acknowledged.size() >= MESSAGES / 2);

            service.kill();
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            Set<String> acked = Set.copyOf(acknowledged);
            int deliveredBeforeRestart = deliveries().size();
            smtp.slowDataBy(0);

            service.start();

            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(deliveries().keySet()).containsAll(acked));
            Map<String, Integer> copies = deliveries();
            List<String> duplicated = new ArrayList<>();
            for (String id : acked) {
                assertThat(copies.get(id)).as(id).isBetween(1, 2);
                if (copies.get(id) == 2) {
                    duplicated.add(id);
                }
            }
            assertThat(duplicated.size())
                    .as("duplicates: only deliveries in flight at the kill")
                    .isLessThanOrEqualTo(16);
            System.out.printf(
                    "submission crash test: %d answered 250, %d delivered before the kill, all delivered after"
                            + " restart, %d twice%n",
                    acked.size(), deliveredBeforeRestart, duplicated.size());
            assertThat(deliveredBeforeRestart)
                    .as("the kill came while deliveries were under way")
                    .isLessThan(acked.size());
            assertThat(next.get())
                    .as("the kill came while submissions were under way")
                    .isLessThan(MESSAGES);
        } finally {
            service.stop();
            smtp.stop();
        }
    }

    /** One client session: message after message until the work runs out or the service dies. */
    private static void submitUntilKilled(int port, String key, AtomicInteger next, Set<String> acknowledged) {
        try (RawSmtp client = RawSmtp.connect(port)) {
            client.reply();
            client.send("EHLO crash.test");
            client.send("AUTH PLAIN " + RawSmtp.plain("app", key));
            for (int n = next.getAndIncrement(); n < MESSAGES; n = next.getAndIncrement()) {
                client.write("MAIL FROM:<sender@example.net>\r\nRCPT TO:<receiver@example.net>\r\nDATA\r\n");
                client.reply();
                client.reply();
                client.reply();
                client.write("From: sender@example.net\r\nTo: receiver@example.net\r\nSubject: crash " + n
                        + "\r\n\r\nn=" + n + "\r\n.\r\n");
                acknowledged.add(Submitter.queuedId(client.reply()));
            }
        } catch (IOException connectionLostAtTheKill) {
            // the service is gone: what it answered 250 before is what counts
        }
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
}
