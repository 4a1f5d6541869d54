package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * A recipient marked the email as spam (or fraud, a virus...): a feedback report (ARF, RFC 5965)
 * from their mailbox provider. {@code feedbackType} is the report's ({@code abuse}, {@code fraud},
 * {@code virus}, {@code other}, ...); {@code reporter} the provider's {@code User-Agent} or
 * {@code Reporting-MTA}, or null.
 */
@Revision("1")
public record EmailComplained(
        EmailId emailId,
        AccountId accountId,
        String recipient,
        String feedbackType,
        String reporter,
        Instant complainedAt)
        implements EmailEvent {
    public EmailComplained {
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(feedbackType, "feedbackType");
        Objects.requireNonNull(complainedAt, "complainedAt");
    }
}
