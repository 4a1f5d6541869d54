package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * An API key was issued. The key itself is never recorded: only its SHA-256 (so the key lookup
 * model can be rebuilt by replay) and a hint for humans. {@code expiresAt} is null for a key that
 * does not expire. {@code permission} is {@value #FULL_ACCESS} (everything an API key can do) or
 * {@value #SENDING_ACCESS} (send, and read what it sent); a sending key may be limited to one of
 * the account's domains ({@code domainId} and its {@code domain} name, both null otherwise).
 * Revision 1 keys are full-access keys with no domain (see {@code ApiKeyCreatedUpcaster}).
 */
@Revision("2")
public record ApiKeyCreated(
        AccountId accountId,
        ApiKeyId keyId,
        String name,
        @Redacted String keyHash,
        String hint,
        Instant createdAt,
        Instant expiresAt,
        String permission,
        DomainId domainId,
        String domain)
        implements AccountEvent {
    public static final String FULL_ACCESS = "full_access";
    public static final String SENDING_ACCESS = "sending_access";

    public ApiKeyCreated {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(permission, "permission");
    }
}
