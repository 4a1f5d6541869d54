package dev.postject.service.inbound;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * What the inbound listener needs to know of the emails Postject sent: an email's recipients (to
 * resolve the recipient hash of a VERP token) and the emails stored under a {@code Message-ID} (to
 * find the email of a redacted complaint). Read from the emails read model and the content table.
 */
final class SentEmails {
    /** At most this many emails are read for one Message-ID: two already make it ambiguous. */
    private static final int CANDIDATES = 2;

    /** An email sent under a Message-ID: its id, its account and its From as given. */
    record Sent(String emailId, String accountId, String from) {}

    private final Jdbi jdbi;

    SentEmails(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The email's recipients as sent to (to, cc, bcc); empty when no such email is known. */
    List<String> recipients(String emailId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT recipient FROM rm_email_recipients WHERE email_id = :id")
                .bind("id", emailId)
                .mapTo(String.class)
                .list());
    }

    /** The emails stored under exactly this {@code Message-ID}, at most {@value #CANDIDATES}. */
    List<Sent> byMessageId(String messageId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT c.email_id, c.account_id, e.sender FROM email_contents c"
                        + " JOIN rm_emails e ON e.email_id = c.email_id WHERE c.message_id = :messageId"
                        + " ORDER BY c.email_id LIMIT " + CANDIDATES)
                .bind("messageId", messageId)
                .map((rs, ctx) -> new Sent(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list());
    }
}
