package dev.postject.service.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue's depth and the age of its oldest waiting entry, read from PostgreSQL when Prometheus
 * scrapes (one query per queue per scrape, nothing per email). The queues are shared by all nodes,
 * so every node reports the same cluster-wide values: alert on {@code max()} across nodes, not
 * {@code sum()}. When the query fails the scrape still answers, without this queue's values.
 */
public final class QueueGauges implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(QueueGauges.class);

    private final Jdbi jdbi;
    private final Clock clock;
    private final String sql;
    private final String depthName;
    private final String depthHelp;
    private final String ageName;
    private final String ageHelp;

    private QueueGauges(Jdbi jdbi, Clock clock, String sql, String prefix, String entries) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.sql = sql;
        this.depthName = prefix + "_depth";
        this.depthHelp = entries + " waiting, due now or later (including those being sent now).";
        this.ageName = prefix + "_oldest_age_seconds";
        this.ageHelp = "How long the oldest of the " + entries.toLowerCase() + " waiting has waited; 0 when none.";
    }

    /** The delivery queue: one row per recipient still to be delivered, kept until its final outcome. */
    public static QueueGauges deliveryQueue(Jdbi jdbi, Clock clock) {
        return new QueueGauges(
                jdbi,
                clock,
                "SELECT count(*) AS depth, min(queued_at) AS oldest FROM delivery_queue",
                "postject_delivery_queue",
                "Recipients");
    }

    /**
     * The webhook outbox: deliveries pending for enabled endpoints (what the dispatcher will still
     * send; a disabled endpoint's pending deliveries wait for it to be enabled again).
     */
    public static QueueGauges webhookOutbox(Jdbi jdbi, Clock clock) {
        return new QueueGauges(
                jdbi,
                clock,
                "SELECT count(*) AS depth, min(d.created_at) AS oldest FROM webhook_deliveries d"
                        + " JOIN rm_webhooks w USING (webhook_id) WHERE d.status = 'pending' AND w.enabled",
                "postject_webhook_outbox",
                "Webhook deliveries");
    }

    private record Reading(long depth, OffsetDateTime oldest) {}

    @Override
    public MetricSnapshots collect() {
        Reading reading;
        try {
            reading = jdbi.withHandle(h -> h.createQuery(sql)
                    .map((rs, ctx) -> new Reading(rs.getLong("depth"), rs.getObject("oldest", OffsetDateTime.class)))
                    .one());
        } catch (RuntimeException e) {
            LOG.warn("Reading {} for the metrics failed: {}", depthName, e.toString());
            return new MetricSnapshots();
        }
        double age = reading.oldest() == null
                ? 0
                : Math.max(
                        0,
                        Duration.between(reading.oldest().toInstant(), clock.instant())
                                        .toMillis()
                                / 1000.0);
        return MetricSnapshots.of(gauge(depthName, depthHelp, reading.depth()), gauge(ageName, ageHelp, age));
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder()
                .name(name)
                .help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
                .build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(depthName, ageName);
    }
}
