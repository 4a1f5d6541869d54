package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** Mail to this address is no longer sent for the account, e.g. after a hard bounce ({@code emailId} is the email that bounced, or null). */
@Revision("1")
public record RecipientSuppressed(
        AccountId accountId, String email, String reason, EmailId emailId, Instant suppressedAt)
        implements AccountEvent {
    public RecipientSuppressed {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(suppressedAt, "suppressedAt");
    }
}
