package dev.postject.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A webhook endpoint was added. Its signing secret is never in the ledger. */
@Revision("1")
public record WebhookCreated(
        AccountId accountId, WebhookId webhookId, String url, List<String> eventTypes, Instant createdAt)
        implements AccountEvent {
    public WebhookCreated {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(eventTypes, "eventTypes");
        Objects.requireNonNull(createdAt, "createdAt");
        eventTypes = List.copyOf(eventTypes);
    }
}
