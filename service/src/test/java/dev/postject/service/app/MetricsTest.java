package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import dev.postject.service.app.Scrape.Sample;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prometheus metrics scraped from {@code /metrics} on the running app's admin port after real
 * work: sends delivered to and bounced by a real SMTP server, an SMTP submission, refused SMTP
 * connections, a webhook outbox backlog, and (last, as it stops the relay) a delivery backlog.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port,
            ConfigOverride.config("webhooks.allowPrivate", "true"),
            ConfigOverride.config("submission.maxConnectionsPerIp", "2"),
            ConfigOverride.config("delivery.bounceDomain", "bounces.example.org"));

    /** What no label value may ever look like: an address, one of our ids, a key or token. */
    private static final Pattern PRIVATE =
            Pattern.compile(".*(@|\\b(msg|acct|key|dom|whk|usr|tok|evt|req)_[A-Za-z0-9]|pt_|whsec_).*");

    private record Sender(String key, String from, String to) {}

    private static Sender sender(String name, String... alsoConfirmed) {
        Session session = APP.api().signUp(name + "@example.com");
        String key = APP.api().createKey(session.token(), "{}").get("key").asText();
        Sender s = new Sender(key, "from-" + name + "@metrics.test", "to-" + name + "@metrics.test");
        Mailbox.confirm(APP.api(), SMTP, key, s.from());
        Mailbox.confirm(APP.api(), SMTP, key, s.to());
        for (String address : alsoConfirmed) {
            Mailbox.confirm(APP.api(), SMTP, key, address);
        }
        return s;
    }

    private static String send(Sender s, String to) {
        Reply reply = APP.api()
                .post("/v1/emails", s.key(), Api.json(Map.of("from", s.from(), "to", to, "subject", "s", "text", "x")));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().get("id").asText();
    }

    private static double increase(Scrape before, String name, String... labels) {
        return Scrape.of(APP).value(name, labels) - before.value(name, labels);
    }

    @Test
    @Order(1)
    void sendsAndTheirOutcomes_areCountedPerSource_andLatencyPerEndpointTemplate_withNothingPrivateInALabel()
            throws Exception {
        String bouncing = "gone-1@metrics.test";
        Sender s = sender("metrics1", bouncing);
        SMTP.scriptDataReplies(bouncing, "550 5.1.1 <" + bouncing + ">: Recipient address rejected: User unknown");
        Scrape before = Scrape.of(APP);

        String delivered = send(s, s.to());
        send(s, bouncing);
        Submitter submitter = new Submitter(APP);
        jakarta.mail.Session mail = submitter.session(false, "PLAIN");
        MimeMessage message = Submitter.message(mail, s.from(), s.to(), "Over SMTP");
        Submitter.send(mail, message, s.key());
        assertThat(APP.api().get("/v1/emails/" + delivered, s.key()).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(increase(before, "postject_emails_delivered_total", "source", "api"))
                    .isEqualTo(1);
            assertThat(increase(before, "postject_emails_delivered_total", "source", "smtp"))
                    .isEqualTo(1);
            assertThat(increase(before, "postject_emails_bounced_total", "source", "api", "bounce_type", "hard"))
                    .isEqualTo(1);
        });
        Scrape after = Scrape.of(APP);
        assertThat(after.value("postject_emails_accepted_total", "source", "api")
                        - before.value("postject_emails_accepted_total", "source", "api"))
                .isEqualTo(2);
        assertThat(after.value("postject_emails_accepted_total", "source", "smtp")
                        - before.value("postject_emails_accepted_total", "source", "smtp"))
                .isEqualTo(1);
        // the sandbox confirmations are Postject's own mail, delivered like any
        assertThat(after.value("postject_emails_accepted_total", "source", "system"))
                .isGreaterThanOrEqualTo(3);
        assertThat(after.value("postject_emails_delivered_total", "source", "system"))
                .isGreaterThanOrEqualTo(3);
        assertThat(after.value("postject_emails_bounced_total", "source", "smtp"))
                .isZero();
        assertThat(after.value("postject_smtp_sessions_total", "listener", "submission")
                        - before.value("postject_smtp_sessions_total", "listener", "submission"))
                .isEqualTo(1);
        assertThat(after.has("postject_smtp_sessions_open")).isTrue();

        // per endpoint: the resource template, never the id in the path
        assertThat(after.value(
                                "postject_http_request_duration_seconds_count",
                                "method",
                                "POST",
                                "endpoint",
                                "/v1/emails",
                                "status",
                                "2xx")
                        - before.value(
                                "postject_http_request_duration_seconds_count",
                                "method",
                                "POST",
                                "endpoint",
                                "/v1/emails",
                                "status",
                                "2xx"))
                .isEqualTo(2);
        assertThat(after.value(
                        "postject_http_request_duration_seconds_count",
                        "method",
                        "GET",
                        "endpoint",
                        "/v1/emails/{id}",
                        "status",
                        "2xx"))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.matching("postject_http_request_duration_seconds_bucket", "endpoint", "/v1/emails"))
                .isNotEmpty();
        assertThat(APP.api().get("/v1/emails/msg_doesnotexist", s.key()).status())
                .isEqualTo(404);
        assertThat(APP.api().get("/no/such/" + s.key(), null).status()).isEqualTo(404);
        // observed once Jersey has finished the request, which may be just after the client has the answer
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Scrape latest = Scrape.of(APP);
            assertThat(latest.value(
                            "postject_http_request_duration_seconds_count",
                            "endpoint",
                            "/v1/emails/{id}",
                            "status",
                            "4xx"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(latest.value("postject_http_request_duration_seconds_count", "endpoint", "unmatched"))
                    .as(
                            "endpoints %s",
                            latest.matching("postject_http_request_duration_seconds_count").stream()
                                    .map(sample -> sample.labels().get("endpoint"))
                                    .distinct()
                                    .toList())
                    .isGreaterThanOrEqualTo(1);
        });
        Scrape latest = Scrape.of(APP);
        assertNothingPrivate(latest);
    }

    @Test
    @Order(2)
    void smtpConnections_overThePerClientLimit_areCountedAsRefused() throws Exception {
        Scrape before = Scrape.of(APP);
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket("127.0.0.1", APP.submission().port());
                socket.setSoTimeout(10_000);
                open.add(socket);
                assertThat(firstLine(socket.getInputStream())).startsWith(i < 2 ? "220" : "421 4.7.0");
            }
            Scrape during = Scrape.of(APP);
            assertThat(during.value("postject_smtp_sessions_open", "listener", "submission"))
                    .isEqualTo(2);
            assertThat(during.value("postject_smtp_connections_refused_total", "listener", "submission")
                            - before.value("postject_smtp_connections_refused_total", "listener", "submission"))
                    .isEqualTo(1);
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(Scrape.of(APP).value("postject_smtp_sessions_open", "listener", "submission"))
                                .isZero());
        try (Socket inbound = new Socket("127.0.0.1", APP.inbound().port())) {
            inbound.setSoTimeout(10_000);
            assertThat(firstLine(inbound.getInputStream())).startsWith("220");
            assertThat(Scrape.of(APP).value("postject_smtp_sessions_open", "listener", "inbound"))
                    .isEqualTo(1);
        }
        assertThat(increase(before, "postject_smtp_sessions_total", "listener", "inbound"))
                .isEqualTo(1);
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    @Test
    @Order(3)
    void aWebhookEndpointThatIsDown_showsAsAnOutboxBacklog_untilTheEndpointIsDeleted() throws Exception {
        Sender s = sender("metrics3");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Reply hook = APP.api()
                .post(
                        "/v1/webhooks",
                        s.key(),
                        Api.json(Map.of(
                                "url", "http://127.0.0.1:" + closedPort + "/hook", "events", List.of("email.queued"))));
        assertThat(hook.status()).as(hook.toString()).isEqualTo(201);

        send(s, s.to());
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(Scrape.of(APP).value("postject_webhook_outbox_depth"))
                        .isEqualTo(1));
        APP.clock().advance(Duration.ofMinutes(20));
        assertThat(Scrape.of(APP).value("postject_webhook_outbox_oldest_age_seconds"))
                .isGreaterThanOrEqualTo(20 * 60);

        Reply deleted = APP.api().delete("/v1/webhooks/" + hook.json().get("id").asText(), s.key());
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        Scrape after = Scrape.of(APP);
        assertThat(after.value("postject_webhook_outbox_depth")).isZero();
        assertThat(after.value("postject_webhook_outbox_oldest_age_seconds")).isZero();
    }

    @Test
    @Order(4)
    void metrics_areServedOnTheAdminPort_withTheJvms_andNotOnThePublicPort() {
        Reply onPublic = APP.api().get("/metrics", null);
        assertThat(onPublic.status()).isEqualTo(404);
        assertThat(onPublic.body()).doesNotContain("postject_").doesNotContain("jvm_");

        Scrape scrape = Scrape.of(APP);
        assertThat(scrape.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
        assertThat(scrape.has("jvm_gc_collection_seconds_count")).isTrue();
        assertThat(scrape.value("jvm_threads_current")).isPositive();
        assertThat(scrape.has("process_cpu_seconds_total")).isTrue();
        assertThat(scrape.text()).contains("# TYPE postject_emails_accepted_total counter");
        assertThat(scrape.text()).contains("# TYPE postject_http_request_duration_seconds histogram");
        assertNothingPrivate(scrape);

        Reply dropwizard = new Api(APP.adminPort()).get("/metrics.json", null);
        assertThat(dropwizard.status()).isEqualTo(200);
        assertThat(dropwizard.json().get("timers").has("postject.delivery.record"))
                .as("Dropwizard's timers, as JSON beside the Prometheus text")
                .isTrue();
        assertThat(APP.api().get("/metrics.json", null).status()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void theAlertRules_passPromtool_andUseOnlyMetricsTheAppServes() throws Exception {
        AlertRules.assertValid(Scrape.of(APP));
    }

    /** Last: it stops the relay for good. */
    @Test
    @Order(6)
    void withTheRelayDown_theDeliveryQueueGrowsOld_andDeferralsAreCounted() {
        Sender s = sender("metrics6");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(Scrape.of(APP).value("postject_delivery_queue_depth"))
                        .isZero());
        Scrape before = Scrape.of(APP);
        SMTP.stop();

        send(s, s.to());
        send(s, s.to());
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(increase(before, "postject_emails_deferred_total", "source", "api"))
                        .isGreaterThanOrEqualTo(2));
        Scrape backlog = Scrape.of(APP);
        assertThat(backlog.value("postject_delivery_queue_depth")).isEqualTo(2);
        assertThat(backlog.value("postject_emails_delivered_total", "source", "api"))
                .isEqualTo(before.value("postject_emails_delivered_total", "source", "api"));

        APP.clock().advance(Duration.ofMinutes(11));
        Scrape later = Scrape.of(APP);
        assertThat(later.value("postject_delivery_queue_depth")).isEqualTo(2);
        assertThat(later.value("postject_delivery_queue_oldest_age_seconds")).isGreaterThanOrEqualTo(11 * 60);
        assertNothingPrivate(later);
    }

    private static void assertNothingPrivate(Scrape scrape) {
        for (Sample sample : scrape.samples()) {
            sample.labels()
                    .forEach((name, value) -> assertThat(value)
                            .as("label %s of %s", name, sample.name())
                            .doesNotMatch(PRIVATE));
        }
        assertThat(scrape.text()).doesNotContain("metrics.test").doesNotContain("example.com");
    }
}
