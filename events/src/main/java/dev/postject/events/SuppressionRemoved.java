package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** An address was taken off the account's suppression list; mail to it is sent again. */
@Revision("1")
public record SuppressionRemoved(AccountId accountId, String email, Instant removedAt) implements AccountEvent {
    public SuppressionRemoved {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(removedAt, "removedAt");
    }
}
