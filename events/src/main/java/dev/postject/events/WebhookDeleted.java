package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A webhook endpoint was removed; nothing more is sent to it. */
@Revision("1")
public record WebhookDeleted(AccountId accountId, WebhookId webhookId, Instant deletedAt) implements AccountEvent {
    public WebhookDeleted {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(deletedAt, "deletedAt");
    }
}
