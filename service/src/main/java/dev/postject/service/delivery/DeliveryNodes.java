package dev.postject.service.delivery;

import dev.postject.service.platform.jobs.Periodic;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's heartbeat in {@code delivery_nodes}. The rows a node leased are handed back once its
 * heartbeat has stopped for {@link #DEAD_AFTER} (it crashed), so another node sends them again:
 * delivery is at-least-once, and only SMTP transactions in flight at a crash can be duplicated. A
 * graceful stop hands its leases back at once.
 */
final class DeliveryNodes implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryNodes.class);
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final Duration DEAD_AFTER = Duration.ofSeconds(10);

    private final Jdbi jdbi;
    private final Clock clock;
    private final String nodeId = UUID.randomUUID().toString();
    private final Periodic heartbeat = new Periodic("postject-delivery-heartbeat", HEARTBEAT, this::beatQuietly);

    DeliveryNodes(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    String nodeId() {
        return nodeId;
    }

    @Override
    public void start() {
        beat();
        heartbeat.start();
    }

    /** Hands this node's leases back and leaves the table. */
    @Override
    public void stop() {
        heartbeat.stop();
        jdbi.useHandle(h -> {
            h.execute("UPDATE delivery_queue SET leased_by = NULL, leased_until = NULL WHERE leased_by = ?", nodeId);
            h.execute("DELETE FROM delivery_nodes WHERE node_id = ?", nodeId);
        });
    }

    /** Says this node is alive, and hands back the leases of nodes that stopped saying so. */
    private void beat() {
        Instant now = clock.instant();
        jdbi.useHandle(h -> {
            h.execute(
                    "INSERT INTO delivery_nodes (node_id, heartbeat_at) VALUES (?, ?)"
                            + " ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at",
                    nodeId,
                    now);
            // a node gone from the table too (one that stopped while an accepting transaction, committed
            // after, leased it a row)
            int reclaimed = h.execute(
                    "UPDATE delivery_queue SET leased_by = NULL, leased_until = NULL WHERE leased_by IS NOT NULL"
                            + " AND leased_by NOT IN (SELECT node_id FROM delivery_nodes WHERE heartbeat_at >= ?)",
                    now.minus(DEAD_AFTER));
            h.execute("DELETE FROM delivery_nodes WHERE heartbeat_at < ?", now.minus(DEAD_AFTER));
            if (reclaimed > 0) {
                LOG.warn("Took over {} deliveries leased by a node that stopped", reclaimed);
            }
        });
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("Delivery heartbeat failed: {}", e.getMessage());
        }
    }
}
