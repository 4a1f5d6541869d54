package dev.postject.projections.webhooks;

import dev.postject.events.WebhookCreated;
import dev.postject.events.WebhookDeleted;
import dev.postject.events.WebhookDisabled;
import dev.postject.events.WebhookUpdated;
import dev.postject.projections.internal.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.jdbi.v3.core.Jdbi;

/**
 * Webhook endpoints. Read-your-writes: the outbox reads it in the transaction of the event it
 * fans out, so an endpoint receives every event appended after it was created. Idempotent by
 * position (see {@link Positions}).
 */
@ProcessingGroup(WebhookProjection.GROUP)
public final class WebhookProjection {
    public static final String GROUP = "webhooks";

    private final Jdbi jdbi;
    private final Positions positions;

    public WebhookProjection(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.positions = new Positions(jdbi, GROUP);
    }

    @EventHandler
    void on(WebhookCreated e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate("INSERT INTO rm_webhooks (webhook_id, account_id, url, event_types, enabled,"
                                + " created_at, updated_at) VALUES (:id, :account, :url, :types, TRUE, :at, :at)"
                                + " ON CONFLICT DO NOTHING")
                        .bind("id", e.webhookId().value())
                        .bind("account", e.accountId().value())
                        .bind("url", e.url())
                        .bindArray("types", String.class, e.eventTypes().toArray(String[]::new))
                        .bind("at", e.createdAt())
                        .execute());
    }

    @EventHandler
    void on(WebhookUpdated e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate("UPDATE rm_webhooks SET url = :url, event_types = :types,"
                                + " enabled = :enabled, updated_at = :at WHERE webhook_id = :id")
                        .bind("id", e.webhookId().value())
                        .bind("url", e.url())
                        .bindArray("types", String.class, e.eventTypes().toArray(String[]::new))
                        .bind("enabled", e.enabled())
                        .bind("at", e.updatedAt())
                        .execute());
    }

    @EventHandler
    void on(WebhookDisabled e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate("UPDATE rm_webhooks SET enabled = FALSE, updated_at = :at WHERE webhook_id = :id")
                        .bind("id", e.webhookId().value())
                        .bind("at", e.disabledAt())
                        .execute());
    }

    @EventHandler
    void on(WebhookDeleted e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.execute(
                        "DELETE FROM rm_webhooks WHERE webhook_id = ?",
                        e.webhookId().value()));
    }

    @ResetHandler
    public void reset() {
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM rm_webhooks");
            positions.reset(h);
        });
    }
}
