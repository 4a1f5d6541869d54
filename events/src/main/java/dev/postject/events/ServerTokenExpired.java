package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * A server token reached its expiry. It already fails from {@code expiredAt} on; the expiry sweep
 * records this so the ledger says why.
 */
@Revision("1")
public record ServerTokenExpired(AccountId accountId, ServerTokenId tokenId, Instant expiredAt)
        implements AccountEvent {
    public ServerTokenExpired {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(expiredAt, "expiredAt");
    }
}
