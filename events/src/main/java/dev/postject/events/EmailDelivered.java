package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The receiving server accepted the email for one recipient (a 2xx reply). */
@Revision("1")
public record EmailDelivered(
        EmailId emailId, AccountId accountId, String recipient, String response, Instant deliveredAt)
        implements EmailEvent {
    public EmailDelivered {
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
    }
}
