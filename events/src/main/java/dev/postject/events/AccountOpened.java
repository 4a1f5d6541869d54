package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A new account, in sandbox mode, owned by the user who signed up. */
@Revision("1")
public record AccountOpened(AccountId accountId, String name, UserId ownerId, String ownerEmail, Instant openedAt)
        implements AccountEvent {
    public AccountOpened {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(ownerEmail, "ownerEmail");
        Objects.requireNonNull(openedAt, "openedAt");
    }
}
