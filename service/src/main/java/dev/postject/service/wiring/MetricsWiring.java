package dev.postject.service.wiring;

import dev.postject.service.inbound.InboundListener;
import dev.postject.service.mail.server.SmtpServer;
import dev.postject.service.metrics.EmailCounters;
import dev.postject.service.metrics.Metrics;
import dev.postject.service.metrics.QueueGauges;
import dev.postject.service.metrics.RequestLatency;
import dev.postject.service.metrics.SmtpSessions;
import dev.postject.service.submission.SubmissionListeners;
import io.dropwizard.metrics.servlets.MetricsServlet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus metrics at {@code /metrics} on the admin port (never the public one): emails and
 * outcomes counted by the ledger, the queues read at scrape time, SMTP sessions, API latency, JVM.
 */
final class MetricsWiring {
    /** Where the admin port serves Dropwizard's metrics registry as JSON. */
    static final String DROPWIZARD_PATH = "/metrics.json";

    private MetricsWiring() {}

    /** The registry, the email counters the ledger feeds, and what only needs the platform. */
    static EmailCounters install(Platform platform, Metrics metrics) {
        platform.environment()
                .admin()
                .addServlet("prometheus", metrics.servlet())
                .addMapping(Metrics.PATH);
        // Dropwizard's own timers and meters (postject.delivery.*, Jetty, the pools) as JSON, where
        // operators and bench/delivery.sh read them; Prometheus' /metrics took its old path
        platform.environment()
                .admin()
                .addServlet(
                        "dropwizard-metrics",
                        new MetricsServlet(platform.environment().metrics()))
                .addMapping(DROPWIZARD_PATH);
        metrics.registry().register(QueueGauges.deliveryQueue(platform.jdbi(), platform.clock()));
        metrics.registry().register(QueueGauges.webhookOutbox(platform.jdbi(), platform.clock()));
        platform.environment().jersey().register(new RequestLatency(metrics.registry()));
        return new EmailCounters(metrics.registry(), platform.transactions());
    }

    /** The SMTP listeners' sessions, once they are built (each null when turned off). */
    static void installListeners(Metrics metrics, SubmissionListeners submission, InboundListener inbound) {
        Map<String, List<SmtpServer>> listeners = new LinkedHashMap<>();
        if (submission != null) {
            listeners.put("submission", submission.servers());
        }
        if (inbound != null) {
            listeners.put("inbound", List.of(inbound.server()));
        }
        SmtpSessions.register(metrics.registry(), listeners);
    }
}
