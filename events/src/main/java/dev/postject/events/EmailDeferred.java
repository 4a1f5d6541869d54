package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** Delivery to one recipient failed for now (a 4xx reply or no connection); it is retried at {@code retryAt}. */
@Revision("1")
public record EmailDeferred(
        EmailId emailId,
        AccountId accountId,
        String recipient,
        String response,
        int attempt,
        Instant retryAt,
        Instant deferredAt)
        implements EmailEvent {
    public EmailDeferred {
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(retryAt, "retryAt");
        Objects.requireNonNull(deferredAt, "deferredAt");
    }
}
