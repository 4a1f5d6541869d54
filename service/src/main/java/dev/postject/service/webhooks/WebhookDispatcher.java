package dev.postject.service.webhooks;

import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.events.WebhookId;
import dev.postject.service.account.WebhookCommands;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.jobs.QueueWorkers;
import dev.postject.service.platform.ledger.RequestContext;
import io.dropwizard.lifecycle.Managed;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the webhook outbox. Workers lease due deliveries ({@code FOR UPDATE SKIP LOCKED}, so
 * nodes share them), POST each signed per Standard Webhooks, and record the attempt. Only a 2xx
 * counts (redirects are not followed); 410 disables the endpoint; anything else is retried on
 * {@link #SCHEDULE}, with jitter, over more than a day, then the delivery is {@code failed}. A
 * lease outlives the request timeout, so a crashed node's deliveries go out again (at least once).
 */
public final class WebhookDispatcher implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** The wait before each attempt: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
    static final List<Duration> SCHEDULE = List.of(
            Duration.ZERO,
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10));

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final int BATCH = 8;
    private static final Actor POSTJECT = new Actor(Actor.Type.SYSTEM, "webhooks");

    private final Jdbi jdbi;
    private final Transactions transactions;
    private final CommandGateway commands;
    private final Webhooks webhooks;
    private final WebhookUrls urls;
    private final Clock clock;
    private final int concurrency;
    private final PinnedHttpClient http;
    private final QueueWorkers workers;

    record Lease(
            String id, String webhookId, String accountId, String eventId, String payload, int attempts, String url) {}

    public WebhookDispatcher(
            Jdbi jdbi,
            Transactions transactions,
            CommandGateway commands,
            Webhooks webhooks,
            WebhookUrls urls,
            Clock clock,
            QueueWorkers workers,
            int concurrency) {
        this.jdbi = jdbi;
        this.transactions = transactions;
        this.commands = commands;
        this.webhooks = webhooks;
        this.urls = urls;
        this.clock = clock;
        this.workers = workers;
        this.concurrency = concurrency;
        this.http = new PinnedHttpClient(TIMEOUT);
    }

    @Override
    public void start() throws Exception {
        http.start();
        workers.start(concurrency, this::work);
    }

    @Override
    public void stop() throws Exception {
        workers.stop(TIMEOUT.plusSeconds(5));
        http.stop();
    }

    private void work() {
        while (workers.running()) {
            List<Lease> leases;
            try {
                leases = lease();
            } catch (RuntimeException e) {
                LOG.warn("Could not lease webhook deliveries: {}", e.getMessage());
                leases = List.of();
            }
            if (leases.isEmpty()) {
                workers.idle();
                continue;
            }
            for (Lease lease : leases) {
                try {
                    record(lease, send(lease));
                } catch (RuntimeException e) {
                    LOG.warn(
                            "Webhook delivery {} not recorded; its lease expires and it goes out again", lease.id(), e);
                }
            }
        }
    }

    List<Lease> lease() {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> h.createQuery("WITH leased AS (UPDATE webhook_deliveries SET leased_until = :until"
                        + " WHERE delivery_id IN (SELECT d.delivery_id FROM webhook_deliveries d"
                        + " JOIN rm_webhooks w USING (webhook_id) WHERE d.status = 'pending' AND w.enabled"
                        + " AND d.next_attempt_at <= :now AND (d.leased_until IS NULL OR d.leased_until < :now)"
                        + " ORDER BY d.next_attempt_at LIMIT :batch FOR UPDATE OF d SKIP LOCKED)"
                        + " RETURNING delivery_id, webhook_id, account_id, event_id, payload, attempts)"
                        + " SELECT leased.*, w.url FROM leased JOIN rm_webhooks w USING (webhook_id)")
                .bind("now", now)
                .bind("until", now.plus(LEASE))
                .bind("batch", BATCH)
                .map((rs, ctx) -> new Lease(
                        rs.getString("delivery_id"),
                        rs.getString("webhook_id"),
                        rs.getString("account_id"),
                        rs.getString("event_id"),
                        rs.getString("payload"),
                        rs.getInt("attempts"),
                        rs.getString("url")))
                .list());
    }

    /** What one attempt got: a status code, or an error and no code. */
    record Result(Integer status, String error) {
        boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    Result send(Lease lease) {
        URI uri = URI.create(lease.url());
        // resolved and judged again now (the name may point elsewhere since), and the request goes
        // to exactly the addresses judged here: the HTTP client never resolves the name itself
        WebhookUrls.Target target = urls.resolve(uri.getHost());
        if (target.refusal() != null) {
            return new Result(null, "Not sent: " + target.refusal());
        }
        Optional<String> secret = webhooks.secret(lease.webhookId());
        if (secret.isEmpty()) {
            return new Result(null, "Not sent: the endpoint was deleted");
        }
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", lease.eventId(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature",
                        WebhookSigner.signature(secret.get(), lease.eventId(), timestamp, lease.payload()));
        try {
            return http.post(uri, target.addresses(), headers, lease.payload());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "Interrupted");
        }
    }

    private void record(Lease lease, Result result) {
        Instant now = clock.instant();
        int attempt = lease.attempts() + 1;
        String status;
        Instant next = null;
        if (result.succeeded()) {
            status = "succeeded";
        } else if (Integer.valueOf(410).equals(result.status()) || attempt >= SCHEDULE.size()) {
            status = "failed";
        } else {
            status = "pending";
            next = now.plus(jittered(SCHEDULE.get(attempt)));
        }
        Instant nextAttempt = next;
        RequestContext.runAs(
                POSTJECT,
                "whd_" + lease.id() + "_" + attempt,
                () -> transactions.inTransaction(() -> {
                    jdbi.useHandle(h -> {
                        h.execute(
                                "INSERT INTO webhook_attempts (delivery_id, attempt, at, response_code, error)"
                                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                lease.id(),
                                attempt,
                                now,
                                result.status(),
                                result.error());
                        h.execute(
                                "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, leased_until = NULL"
                                        + " WHERE delivery_id = ?",
                                status,
                                attempt,
                                nextAttempt,
                                lease.id());
                    });
                    if (Integer.valueOf(410).equals(result.status())) {
                        commands.sendAndWait(new WebhookCommands.Disable(
                                new AccountId(lease.accountId()),
                                new WebhookId(lease.webhookId()),
                                "The endpoint answered 410 Gone."));
                    }
                    return null;
                }));
    }

    /** The wait, 10% either way, so endpoints that come back are not hit by every retry at once. */
    static Duration jittered(Duration wait) {
        long millis = wait.toMillis();
        if (millis == 0) {
            return wait;
        }
        long spread = millis / 10;
        return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(-spread, spread + 1));
    }
}
