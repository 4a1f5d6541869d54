package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * Mail to one recipient came back: refused with a 5xx reply while sending, or reported later in a
 * delivery status notification ({@code asynchronous}, after the receiver had accepted it).
 * {@code bounceType} is {@code hard}, {@code soft}, {@code block} or {@code undetermined};
 * {@code subtype} says what went wrong ({@code mailbox_unknown}, {@code mailbox_full}, ...);
 * {@code status} is the enhanced status code (e.g. {@code 5.1.1}) when one was given, else null;
 * {@code response} is the reply or the report's diagnostic.
 */
@Revision("2")
public record EmailBounced(
        EmailId emailId,
        AccountId accountId,
        String recipient,
        String bounceType,
        String subtype,
        String status,
        String response,
        boolean asynchronous,
        Instant bouncedAt)
        implements EmailEvent {
    public EmailBounced {
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(bounceType, "bounceType");
        Objects.requireNonNull(subtype, "subtype");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(bouncedAt, "bouncedAt");
    }
}
