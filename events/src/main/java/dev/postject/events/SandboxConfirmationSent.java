package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A confirmation link was mailed to a sandbox address. Only the hash of its token is kept; an earlier link stops working. */
@Revision("1")
public record SandboxConfirmationSent(
        AccountId accountId, String email, @Redacted String tokenHash, Instant sentAt, Instant expiresAt)
        implements AccountEvent {
    public SandboxConfirmationSent {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
