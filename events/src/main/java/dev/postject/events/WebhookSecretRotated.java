package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A webhook endpoint got a new signing secret (the secret itself is never in the ledger). */
@Revision("1")
public record WebhookSecretRotated(AccountId accountId, WebhookId webhookId, Instant rotatedAt)
        implements AccountEvent {
    public WebhookSecretRotated {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(rotatedAt, "rotatedAt");
    }
}
