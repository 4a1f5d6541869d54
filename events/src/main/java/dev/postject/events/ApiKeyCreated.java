package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * An API key was issued. The key itself is never recorded: only its SHA-256 (so the key lookup
 * model can be rebuilt by replay) and a hint for humans. {@code expiresAt} is null for a key that
 * does not expire.
 */
@Revision("1")
public record ApiKeyCreated(
        AccountId accountId,
        ApiKeyId keyId,
        String name,
        @Redacted String keyHash,
        String hint,
        Instant createdAt,
        Instant expiresAt)
        implements AccountEvent {
    public ApiKeyCreated {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
