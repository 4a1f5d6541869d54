package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** An address was added to the sandbox whitelist; it receives sandbox mail only once confirmed. */
@Revision("1")
public record SandboxEmailAdded(AccountId accountId, String email, Instant addedAt) implements AccountEvent {
    public SandboxEmailAdded {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(addedAt, "addedAt");
    }
}
