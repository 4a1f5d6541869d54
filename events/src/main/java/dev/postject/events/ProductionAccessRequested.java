package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The account asked to leave the sandbox; an operator decides. {@code website} may be null. */
@Revision("1")
public record ProductionAccessRequested(AccountId accountId, String useCase, String website, Instant requestedAt)
        implements AccountEvent {
    public ProductionAccessRequested {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(useCase, "useCase");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
