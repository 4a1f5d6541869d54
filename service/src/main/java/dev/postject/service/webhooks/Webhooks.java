package dev.postject.service.webhooks;

import dev.postject.events.AccountId;
import dev.postject.events.WebhookId;
import dev.postject.projections.webhooks.WebhookQueries;
import dev.postject.projections.webhooks.WebhookView;
import dev.postject.service.account.WebhookCommands;
import dev.postject.service.platform.crypto.SecretBox;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jdbi.v3.core.Jdbi;

/**
 * Webhook endpoints and their deliveries. An endpoint's signing secret is made here, kept sealed
 * in {@code webhook_secrets} and shown to its account; the ledger records only that it changed.
 */
public final class Webhooks {
    private final Transactions transactions;
    private final Jdbi jdbi;
    private final CommandGateway commands;
    private final WebhookQueries queries;
    private final SecretBox box;
    private final WebhookUrls urls;
    private final Clock clock;
    private final Runnable wakeDispatcher;

    /** An endpoint with its secret (shown on create, rotate and when asked for by id). */
    public record Endpoint(WebhookView webhook, String secret) {}

    public record Attempt(Instant at, Integer responseCode, String error) {}

    public record Delivery(
            String id, String eventId, String type, String status, Instant createdAt, List<Attempt> attempts) {}

    public Webhooks(
            Transactions transactions,
            Jdbi jdbi,
            CommandGateway commands,
            SecretBox box,
            WebhookUrls urls,
            Clock clock,
            Runnable wakeDispatcher) {
        this.transactions = transactions;
        this.jdbi = jdbi;
        this.commands = commands;
        this.queries = jdbi.onDemand(WebhookQueries.class);
        this.box = box;
        this.urls = urls;
        this.clock = clock;
        this.wakeDispatcher = wakeDispatcher;
    }

    public Endpoint create(AccountId account, String url, List<String> eventTypes) {
        String checked = urls.check(url);
        List<String> types = eventTypes(eventTypes);
        WebhookId id = new WebhookId(Ids.newId(WebhookId.PREFIX));
        String secret = WebhookSigner.newSecret();
        transactions.inTransaction(() -> {
            commands.sendAndWait(new WebhookCommands.Create(account, id, checked, types));
            storeSecret(id.value(), secret);
            return null;
        });
        return new Endpoint(find(account, id.value()), secret);
    }

    public List<WebhookView> list(AccountId account) {
        return queries.list(account.value());
    }

    public WebhookView find(AccountId account, String webhookId) {
        return queries.find(account.value(), webhookId)
                .orElseThrow(() -> new Refusal.NotFound("webhook_not_found", "No webhook endpoint with this id."));
    }

    public Endpoint reveal(AccountId account, String webhookId) {
        WebhookView webhook = find(account, webhookId);
        return new Endpoint(webhook, secret(webhookId).orElseThrow());
    }

    public WebhookView update(
            AccountId account, String webhookId, String url, List<String> eventTypes, Boolean enabled) {
        find(account, webhookId);
        commands.sendAndWait(new WebhookCommands.Update(
                account,
                new WebhookId(webhookId),
                url == null ? null : urls.check(url),
                eventTypes == null ? null : eventTypes(eventTypes),
                enabled));
        if (Boolean.TRUE.equals(enabled)) {
            wakeDispatcher.run(); // deliveries held while it was disabled go out now
        }
        return find(account, webhookId);
    }

    public Endpoint rotateSecret(AccountId account, String webhookId) {
        find(account, webhookId);
        String secret = WebhookSigner.newSecret();
        transactions.inTransaction(() -> {
            commands.sendAndWait(new WebhookCommands.RotateSecret(account, new WebhookId(webhookId)));
            jdbi.useHandle(h -> h.execute(
                    "UPDATE webhook_secrets SET encrypted_secret = ? WHERE webhook_id = ?",
                    box.seal(secret.getBytes(StandardCharsets.UTF_8), webhookId),
                    webhookId));
            return null;
        });
        return new Endpoint(find(account, webhookId), secret);
    }

    public void delete(AccountId account, String webhookId) {
        find(account, webhookId);
        transactions.inTransaction(() -> {
            commands.sendAndWait(new WebhookCommands.Delete(account, new WebhookId(webhookId)));
            jdbi.useHandle(h -> h.execute("DELETE FROM webhook_secrets WHERE webhook_id = ?", webhookId));
            return null;
        });
    }

    /** The endpoint's deliveries, newest first, each with its attempts. */
    public List<Delivery> deliveries(AccountId account, String webhookId, int limit) {
        find(account, webhookId);
        return jdbi.withHandle(h -> {
            List<Delivery> deliveries = new ArrayList<>();
            h.createQuery("SELECT delivery_id, event_id, type, status, created_at FROM webhook_deliveries"
                            + " WHERE webhook_id = :id ORDER BY created_at DESC, delivery_id LIMIT :limit")
                    .bind("id", webhookId)
                    .bind("limit", limit)
                    .map((rs, ctx) -> new Delivery(
                            rs.getString("delivery_id"),
                            rs.getString("event_id"),
                            rs.getString("type"),
                            rs.getString("status"),
                            rs.getTimestamp("created_at").toInstant(),
                            new ArrayList<>()))
                    .forEach(deliveries::add);
            for (Delivery delivery : deliveries) {
                h.createQuery("SELECT at, response_code, error FROM webhook_attempts WHERE delivery_id = :id"
                                + " ORDER BY attempt")
                        .bind("id", delivery.id())
                        .map((rs, ctx) -> new Attempt(
                                rs.getTimestamp("at").toInstant(),
                                (Integer) rs.getObject("response_code"),
                                rs.getString("error")))
                        .forEach(delivery.attempts()::add);
            }
            return deliveries;
        });
    }

    /** Sends a delivery again now, with the same webhook-id. */
    public void retry(AccountId account, String webhookId, String deliveryId) {
        find(account, webhookId);
        int updated = jdbi.withHandle(h -> h.execute(
                "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, leased_until = NULL"
                        + " WHERE delivery_id = ? AND webhook_id = ?",
                clock.instant(),
                deliveryId,
                webhookId));
        if (updated == 0) {
            throw new Refusal.NotFound("delivery_not_found", "No delivery with this id.");
        }
        wakeDispatcher.run();
    }

    Optional<String> secret(String webhookId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT encrypted_secret FROM webhook_secrets WHERE webhook_id = :id")
                .bind("id", webhookId)
                .mapTo(byte[].class)
                .findOne()
                .map(stored -> new String(box.open(stored, webhookId), StandardCharsets.UTF_8)));
    }

    private void storeSecret(String webhookId, String secret) {
        jdbi.useHandle(h -> h.execute(
                "INSERT INTO webhook_secrets (webhook_id, encrypted_secret) VALUES (?, ?)",
                webhookId,
                box.seal(secret.getBytes(StandardCharsets.UTF_8), webhookId)));
    }

    private static List<String> eventTypes(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new Refusal.Invalid(
                    "invalid_events", "'events' must list at least one of " + WebhookEventTypes.ALL + ".", "events");
        }
        for (String type : requested) {
            if (!WebhookEventTypes.ALL.contains(type)) {
                throw new Refusal.Invalid(
                        "invalid_events",
                        "Unknown event type '" + type + "'; known: " + WebhookEventTypes.ALL + ".",
                        "events");
            }
        }
        return List.copyOf(new LinkedHashSet<>(requested));
    }
}
