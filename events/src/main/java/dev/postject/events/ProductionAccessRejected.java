package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** An operator turned the request down, saying why; the account may fix things and ask again. */
@Revision("1")
public record ProductionAccessRejected(AccountId accountId, String reason, Instant rejectedAt) implements AccountEvent {
    public ProductionAccessRejected {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rejectedAt, "rejectedAt");
    }
}
