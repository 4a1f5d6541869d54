package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A recipient followed a tracked link to {@code url}. {@code userAgent} may be null. */
@Revision("1")
public record EmailLinkClicked(
        EmailId emailId, AccountId accountId, String recipient, String url, String userAgent, Instant clickedAt)
        implements EmailEvent {
    public EmailLinkClicked {
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clickedAt, "clickedAt");
    }
}
