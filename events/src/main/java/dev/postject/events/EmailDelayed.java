package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * A server further on reported that it is still trying to deliver the email to one recipient (a
 * delivery status notification with {@code Action: delayed}). Nothing is decided yet: it is an
 * entry on the email's timeline. {@code status} (e.g. {@code 4.4.1}) may be null.
 */
@Revision("1")
public record EmailDelayed(
        EmailId emailId, AccountId accountId, String recipient, String status, String response, Instant reportedAt)
        implements EmailEvent {
    public EmailDelayed {
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(reportedAt, "reportedAt");
    }
}
