package dev.postject.service.mail.reports;

import java.util.Locale;

/**
 * The kind of feedback an ARF report gives (RFC 5965 section 7.3, and {@code auth-failure} of RFC 6591).
 * Only {@link #ABUSE} and {@link #FRAUD} are a recipient saying they did not want the mail;
 * {@link #NOT_SPAM} says the opposite, and {@link #AUTH_FAILURE} is about the sender's authentication.
 */
public enum FeedbackType {
    /** Unsolicited mail: the "this is spam" button. */
    ABUSE,
    /** Phishing or another fraud. */
    FRAUD,
    /** The message carried a virus. */
    VIRUS,
    /** A recipient moved the message out of their spam folder. */
    NOT_SPAM,
    /** An SPF, DKIM or DMARC failure report (RFC 6591). */
    AUTH_FAILURE,
    /** {@code other}, a type this list does not know, or none given. */
    OTHER;

    /** The type a {@code Feedback-Type} field names; {@link #OTHER} for anything unknown. */
    static FeedbackType of(String field) {
        if (field == null) {
            return OTHER;
        }
        String word =
                field.strip().split("[\\s(;]", 2)[0].toUpperCase(Locale.ROOT).replace('-', '_');
        for (FeedbackType type : values()) {
            if (type.name().equals(word)) {
                return type;
            }
        }
        return OTHER;
    }

    /** The name in the report and the API: {@code abuse}, {@code not-spam}, ... */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
