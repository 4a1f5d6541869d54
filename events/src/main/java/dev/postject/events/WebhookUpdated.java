package dev.postject.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A webhook endpoint's URL, event types or enabled flag changed. */
@Revision("1")
public record WebhookUpdated(
        AccountId accountId,
        WebhookId webhookId,
        String url,
        List<String> eventTypes,
        boolean enabled,
        Instant updatedAt)
        implements AccountEvent {
    public WebhookUpdated {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(eventTypes, "eventTypes");
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(updatedAt, "updatedAt");
        eventTypes = List.copyOf(eventTypes);
    }
}
