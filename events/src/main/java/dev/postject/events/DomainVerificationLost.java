package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A verified domain's records no longer check out (e.g. removed from DNS); it is pending again. */
@Revision("1")
public record DomainVerificationLost(AccountId accountId, DomainId domainId, String name, String reason, Instant lostAt)
        implements AccountEvent {
    public DomainVerificationLost {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(domainId, "domainId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lostAt, "lostAt");
    }
}
