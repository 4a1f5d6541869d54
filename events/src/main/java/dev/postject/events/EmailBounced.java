package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** The receiving server refused the email for one recipient for good (a 5xx reply); the address is suppressed. */
@Revision("1")
public record EmailBounced(EmailId emailId, AccountId accountId, String recipient, String response, Instant bouncedAt)
        implements EmailEvent {
    public EmailBounced {
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(bouncedAt, "bouncedAt");
    }
}
