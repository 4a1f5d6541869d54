package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** Postject gave up delivering to one recipient after retrying for the configured time. */
@Revision("1")
public record EmailFailed(EmailId emailId, AccountId accountId, String recipient, String reason, Instant failedAt)
        implements EmailEvent {
    public EmailFailed {
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failedAt");
    }
}
