package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A key was revoked by someone with access to the dashboard; it stops working at once. */
@Revision("1")
public record ApiKeyRevoked(AccountId accountId, ApiKeyId keyId, Instant revokedAt) implements AccountEvent {
    public ApiKeyRevoked {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }
}
