package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A sending domain was removed; its key is deleted and mail from it is no longer accepted. */
@Revision("1")
public record DomainRemoved(AccountId accountId, DomainId domainId, String name, Instant removedAt)
        implements AccountEvent {
    public DomainRemoved {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(domainId, "domainId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(removedAt, "removedAt");
    }
}
