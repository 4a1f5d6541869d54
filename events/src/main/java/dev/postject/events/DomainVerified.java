package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** DNS showed the domain's ownership and DKIM records: mail from it may be sent and is signed. */
@Revision("1")
public record DomainVerified(AccountId accountId, DomainId domainId, String name, Instant verifiedAt)
        implements AccountEvent {
    public DomainVerified {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(domainId, "domainId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
    }
}
