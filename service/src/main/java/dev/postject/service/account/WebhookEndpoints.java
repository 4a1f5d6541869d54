package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.WebhookCreated;
import dev.postject.events.WebhookDeleted;
import dev.postject.events.WebhookDisabled;
import dev.postject.events.WebhookId;
import dev.postject.events.WebhookSecretRotated;
import dev.postject.events.WebhookUpdated;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/** The account's webhook endpoints: at most {@value #MAX_WEBHOOKS}, each enabled or not. */
final class WebhookEndpoints {
    static final int MAX_WEBHOOKS = 10;

    private final Map<WebhookId, Webhook> webhooks = new HashMap<>();

    private record Webhook(String url, List<String> eventTypes, boolean enabled) {}

    @CommandHandler
    void handle(WebhookCommands.Create command, Clock clock) {
        if (webhooks.size() >= MAX_WEBHOOKS) {
            throw new Refusal.Conflict(
                    "webhook_limit_reached", "An account may have at most " + MAX_WEBHOOKS + " webhook endpoints.");
        }
        apply(new WebhookCreated(
                command.accountId(), command.webhookId(), command.url(), command.eventTypes(), clock.instant()));
    }

    @CommandHandler
    void handle(WebhookCommands.Update command, Clock clock) {
        Webhook webhook = requireWebhook(command.webhookId());
        apply(new WebhookUpdated(
                command.accountId(),
                command.webhookId(),
                command.url() != null ? command.url() : webhook.url(),
                command.eventTypes() != null ? command.eventTypes() : webhook.eventTypes(),
                command.enabled() != null ? command.enabled() : webhook.enabled(),
                clock.instant()));
    }

    @CommandHandler
    void handle(WebhookCommands.RotateSecret command, Clock clock) {
        requireWebhook(command.webhookId());
        apply(new WebhookSecretRotated(command.accountId(), command.webhookId(), clock.instant()));
    }

    @CommandHandler
    void handle(WebhookCommands.Delete command, Clock clock) {
        requireWebhook(command.webhookId());
        apply(new WebhookDeleted(command.accountId(), command.webhookId(), clock.instant()));
    }

    /** Recorded when the endpoint is still enabled; a second 410 in flight changes nothing. */
    @CommandHandler
    void handle(WebhookCommands.Disable command, Clock clock) {
        Webhook webhook = webhooks.get(command.webhookId());
        if (webhook != null && webhook.enabled()) {
            apply(new WebhookDisabled(command.accountId(), command.webhookId(), command.reason(), clock.instant()));
        }
    }

    private Webhook requireWebhook(WebhookId webhookId) {
        Webhook webhook = webhooks.get(webhookId);
        if (webhook == null) {
            throw new Refusal.NotFound("webhook_not_found", "No webhook endpoint with this id.");
        }
        return webhook;
    }

    @EventSourcingHandler
    void on(WebhookCreated event) {
        webhooks.put(event.webhookId(), new Webhook(event.url(), event.eventTypes(), true));
    }

    @EventSourcingHandler
    void on(WebhookUpdated event) {
        webhooks.put(event.webhookId(), new Webhook(event.url(), event.eventTypes(), event.enabled()));
    }

    @EventSourcingHandler
    void on(WebhookDisabled event) {
        webhooks.computeIfPresent(
                event.webhookId(), (webhookId, webhook) -> new Webhook(webhook.url(), webhook.eventTypes(), false));
    }

    @EventSourcingHandler
    void on(WebhookDeleted event) {
        webhooks.remove(event.webhookId());
    }
}
