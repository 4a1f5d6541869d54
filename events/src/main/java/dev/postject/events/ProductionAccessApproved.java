package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** An operator approved the request: the account is in production mode from now on. */
@Revision("1")
public record ProductionAccessApproved(AccountId accountId, Instant approvedAt) implements AccountEvent {
    public ProductionAccessApproved {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(approvedAt, "approvedAt");
    }
}
