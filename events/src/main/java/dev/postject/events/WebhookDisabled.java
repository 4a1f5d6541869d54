package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** Postject stopped sending to a webhook endpoint, e.g. because it answered 410 Gone. */
@Revision("1")
public record WebhookDisabled(AccountId accountId, WebhookId webhookId, String reason, Instant disabledAt)
        implements AccountEvent {
    public WebhookDisabled {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(disabledAt, "disabledAt");
    }
}
