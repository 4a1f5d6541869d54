package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * A key reached its expiry. The key already fails from {@code expiredAt} on; this records why in
 * the ledger, written by the expiry sweep.
 */
@Revision("1")
public record ApiKeyExpired(AccountId accountId, ApiKeyId keyId, Instant expiredAt) implements AccountEvent {
    public ApiKeyExpired {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(expiredAt, "expiredAt");
    }
}
