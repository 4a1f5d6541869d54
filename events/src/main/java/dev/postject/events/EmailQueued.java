package dev.postject.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * An email was accepted and committed for delivery. Its content lives outside the ledger, under its
 * id. {@code suppressed} recipients are skipped; {@code system} mail is Postject's own (e.g. sandbox
 * confirmations) and counts toward no limit. {@code source} is the way it came in: {@value #API}
 * (HTTP), {@value #SMTP} (SMTP submission), {@value #POSTMARK} or {@value #RESEND} (the Postmark- and
 * Resend-compatible HTTP endpoints) or {@value #SYSTEM} (Postject's own mail). A new way in is a new
 * value, not a new revision: the field is a string.
 *
 * <p>Revision 2 added {@code source}; revision 1 events are upcast by {@code EmailQueuedUpcaster}.
 */
@Revision("2")
public record EmailQueued(
        EmailId emailId,
        AccountId accountId,
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        List<String> suppressed,
        String subject,
        String tag,
        Map<String, String> metadata,
        String messageId,
        boolean sandbox,
        boolean system,
        String source,
        Instant queuedAt)
        implements EmailEvent {
    public static final String API = "api";
    public static final String SMTP = "smtp";
    public static final String SYSTEM = "system";
    public static final String POSTMARK = "postmark";
    public static final String RESEND = "resend";

    public EmailQueued {
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cc, "cc");
        Objects.requireNonNull(bcc, "bcc");
        Objects.requireNonNull(suppressed, "suppressed");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(queuedAt, "queuedAt");
    }
}
