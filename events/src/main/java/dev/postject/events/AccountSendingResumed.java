package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** An operator let a paused account send again. */
@Revision("1")
public record AccountSendingResumed(AccountId accountId, Instant resumedAt) implements AccountEvent {
    public AccountSendingResumed {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(resumedAt, "resumedAt");
    }
}
