package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The owner of a sandbox address opened its confirmation link. */
@Revision("1")
public record SandboxEmailConfirmed(AccountId accountId, String email, Instant confirmedAt) implements AccountEvent {
    public SandboxEmailConfirmed {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
    }
}
