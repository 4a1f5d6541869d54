package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * A sending domain was added, pending verification. The ownership token and the DKIM public key
 * are published in DNS, so they are no secret; the DKIM private key is never in the ledger.
 */
@Revision("1")
public record DomainAdded(
        AccountId accountId,
        DomainId domainId,
        String name,
        String verificationToken,
        String dkimSelector,
        String dkimPublicKey,
        Instant addedAt)
        implements AccountEvent {
    public DomainAdded {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(domainId, "domainId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verificationToken, "verificationToken");
        Objects.requireNonNull(dkimSelector, "dkimSelector");
        Objects.requireNonNull(dkimPublicKey, "dkimPublicKey");
        Objects.requireNonNull(addedAt, "addedAt");
    }
}
