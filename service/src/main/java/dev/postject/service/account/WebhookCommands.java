package dev.postject.service.account;

import dev.postject.events.AccountId;
import dev.postject.events.WebhookId;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands on an account's webhook endpoints. */
public final class WebhookCommands {
    private WebhookCommands() {}

    public record Create(
            @TargetAggregateIdentifier AccountId accountId, WebhookId webhookId, String url, List<String> eventTypes) {}

    /** Null fields stay as they are. */
    public record Update(
            @TargetAggregateIdentifier AccountId accountId,
            WebhookId webhookId,
            String url,
            List<String> eventTypes,
            Boolean enabled) {}

    public record RotateSecret(@TargetAggregateIdentifier AccountId accountId, WebhookId webhookId) {}

    public record Delete(@TargetAggregateIdentifier AccountId accountId, WebhookId webhookId) {}

    /** Postject stops sending to an endpoint (it answered 410 Gone). */
    public record Disable(@TargetAggregateIdentifier AccountId accountId, WebhookId webhookId, String reason) {}
}
