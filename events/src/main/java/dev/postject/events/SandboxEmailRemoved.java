package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** An address was removed from the sandbox whitelist. */
@Revision("1")
public record SandboxEmailRemoved(AccountId accountId, String email, Instant removedAt) implements AccountEvent {
    public SandboxEmailRemoved {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(removedAt, "removedAt");
    }
}
