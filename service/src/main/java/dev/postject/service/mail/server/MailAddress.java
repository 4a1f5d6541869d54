package dev.postject.service.mail.server;

/**
 * A mailbox from MAIL FROM or RCPT TO, as RFC 5321 writes it: the local part as given (a quoted
 * local part keeps its quotes and escapes, so {@link #toString()} is a valid address again) and the
 * domain (or address literal such as {@code [192.0.2.1]}). Source routes are dropped. The null
 * reverse path {@code <>} is {@link #NULL_SENDER}; {@code <Postmaster>} (no domain, allowed as a
 * recipient) has an empty domain. Non-ASCII characters appear only when the transaction declared
 * SMTPUTF8.
 */
public record MailAddress(String localPart, String domain) {
    public static final MailAddress NULL_SENDER = new MailAddress("", "");

    public MailAddress {
        if (localPart == null || domain == null) {
            throw new IllegalArgumentException("local part and domain are required, empty if absent");
        }
    }

    /** The null reverse path {@code <>}: a bounce or other notification that must not itself bounce. */
    public boolean isNullSender() {
        return localPart.isEmpty() && domain.isEmpty();
    }

    /** Whether the address is all ASCII, i.e. needed no SMTPUTF8. */
    public boolean ascii() {
        return toString().chars().allMatch(c -> c < 0x80);
    }

    /** {@code local@domain}; {@code Postmaster} for the domainless postmaster; empty for the null sender. */
    @Override
    public String toString() {
        return domain.isEmpty() ? localPart : localPart + "@" + domain;
    }
}
