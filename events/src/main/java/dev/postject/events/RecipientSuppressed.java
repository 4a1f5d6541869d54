package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * Mail to this address is no longer sent for the account. {@code reason} is {@link #HARD_BOUNCE},
 * {@link #COMPLAINT}, {@link #REPEATED_SOFT_BOUNCES} or {@link #MANUAL}; {@code emailId} is the email
 * that caused it (the bounce or complaint), or null; {@code bounceType} and {@code subtype} are that
 * bounce's ({@code hard}/{@code mailbox_unknown}, ...), null when no bounce caused it.
 */
@Revision("2")
public record RecipientSuppressed(
        AccountId accountId,
        String email,
        String reason,
        EmailId emailId,
        String bounceType,
        String subtype,
        Instant suppressedAt)
        implements AccountEvent {
    /** A hard bounce: the address or its domain does not exist, or the mailbox is disabled. */
    public static final String HARD_BOUNCE = "hard_bounce";
    /** The recipient marked an email as spam. */
    public static final String COMPLAINT = "complaint";
    /** Soft bounces reached the configured number within the configured window. */
    public static final String REPEATED_SOFT_BOUNCES = "repeated_soft_bounces";
    /** Added by the account itself. */
    public static final String MANUAL = "manual";

    public RecipientSuppressed {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(suppressedAt, "suppressedAt");
    }
}
