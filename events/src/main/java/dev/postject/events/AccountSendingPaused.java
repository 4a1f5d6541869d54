package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** An operator paused the account's sending: every send is refused until it is resumed. */
@Revision("1")
public record AccountSendingPaused(AccountId accountId, String reason, Instant pausedAt) implements AccountEvent {
    public AccountSendingPaused {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(pausedAt, "pausedAt");
    }
}
