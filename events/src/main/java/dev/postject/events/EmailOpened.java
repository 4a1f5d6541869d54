package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A recipient's mail client loaded the tracking pixel. {@code userAgent} may be null. */
@Revision("1")
public record EmailOpened(EmailId emailId, AccountId accountId, String recipient, String userAgent, Instant openedAt)
        implements EmailEvent {
    public EmailOpened {
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(openedAt, "openedAt");
    }
}
