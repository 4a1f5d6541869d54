package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The first of the account's emails delivered in sandbox mode: a production-access prerequisite. */
@Revision("1")
public record SandboxSendSucceeded(AccountId accountId, EmailId emailId, Instant deliveredAt) implements AccountEvent {
    public SandboxSendSucceeded {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
    }
}
