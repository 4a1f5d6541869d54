package dev.postject.projections.emails;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The emails projection's new emails, each an email's row, its recipients' rows and its first
 * timeline entries: those of a batch of events written in one statement ({@link KeptWrites}).
 */
final class NewEmails {
    /** One recipient's row. */
    record Recipient(String address, String status) {}

    /** One timeline entry, at the email's creation. */
    record Entry(String eventId, String type, String recipient, String detail) {}

    /** One new email: its row's columns, then its recipients and first timeline entries. */
    record Row(
            String id,
            String account,
            String sender,
            String recipientsJson,
            String subject,
            String tag,
            String status,
            boolean system,
            boolean sandbox,
            String source,
            Instant at,
            String sentByType,
            String sentById,
            long sequence,
            List<Recipient> recipients,
            List<Entry> entries) {}

    /** Writes new emails together. */
    static final KeptWrites.Writer<Row> WRITER = NewEmails::write;

    private NewEmails() {}

    /**
     * The emails, their recipients and their entries in one statement. An email whose row is there
     * already (its event seen before) gets nothing: only a new row gets recipients and entries.
     * Recipients and entries go in in their order (the timeline's order among equal times).
     */
    private static void write(Handle h, List<Row> rows) {
        List<String> recipientEmails = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        List<String> entryEmails = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> entryRecipients = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (Row row : rows) {
            for (Recipient recipient : row.recipients()) {
                recipientEmails.add(row.id());
                addresses.add(recipient.address());
                statuses.add(recipient.status());
            }
            for (Entry entry : row.entries()) {
                entryEmails.add(row.id());
                eventIds.add(entry.eventId());
                types.add(entry.type());
                entryRecipients.add(entry.recipient());
                details.add(entry.detail());
            }
        }
        h.createUpdate("WITH email AS (INSERT INTO rm_emails (email_id, account_id, sender, recipients, subject, tag,"
                        + " status, system, sandbox, source, created_at, sent_by_type, sent_by_id, sequence_number)"
                        + " SELECT e.id, e.account, e.sender, cast(e.recipients AS JSONB), e.subject, e.tag, e.status,"
                        + " e.system, e.sandbox, e.source, cast(e.at AS TIMESTAMPTZ), e.by_type, e.by_id, e.seq"
                        + " FROM unnest(:ids, :accounts, :senders, :recipients, :subjects, :tags, :statuses, :systems,"
                        + " :sandboxes, :sources, :ats, :byTypes, :byIds, :seqs) WITH ORDINALITY AS e(id, account,"
                        + " sender, recipients, subject, tag, status, system, sandbox, source, at, by_type, by_id, seq, n)"
                        + " ORDER BY e.n ON CONFLICT DO NOTHING RETURNING email_id, created_at),"
                        + " recipient AS (INSERT INTO rm_email_recipients (email_id, recipient, status)"
                        + " SELECT r.email_id, r.address, r.status FROM unnest(:recipientEmails, :addresses, :recipientStatuses)"
                        + " WITH ORDINALITY AS r(email_id, address, status, n) JOIN email USING (email_id) ORDER BY r.n"
                        + " ON CONFLICT DO NOTHING)"
                        + " INSERT INTO rm_email_events (event_id, email_id, type, recipient, at, detail)"
                        + " SELECT t.event_id, t.email_id, t.type, t.recipient, email.created_at, t.detail"
                        + " FROM unnest(:entryEmails, :eventIds, :types, :entryRecipients, :details)"
                        + " WITH ORDINALITY AS t(email_id, event_id, type, recipient, detail, n)"
                        + " JOIN email USING (email_id) ORDER BY t.n ON CONFLICT DO NOTHING")
                .bindArray("ids", String.class, rows.stream().map(Row::id).toArray(String[]::new))
                .bindArray(
                        "accounts",
                        String.class,
                        rows.stream().map(Row::account).toArray(String[]::new))
                .bindArray(
                        "senders", String.class, rows.stream().map(Row::sender).toArray(String[]::new))
                .bindArray(
                        "recipients",
                        String.class,
                        rows.stream().map(Row::recipientsJson).toArray(String[]::new))
                .bindArray(
                        "subjects",
                        String.class,
                        rows.stream().map(Row::subject).toArray(String[]::new))
                .bindArray("tags", String.class, rows.stream().map(Row::tag).toArray(String[]::new))
                .bindArray(
                        "statuses", String.class, rows.stream().map(Row::status).toArray(String[]::new))
                .bindArray(
                        "systems", Boolean.class, rows.stream().map(Row::system).toArray(Boolean[]::new))
                .bindArray(
                        "sandboxes",
                        Boolean.class,
                        rows.stream().map(Row::sandbox).toArray(Boolean[]::new))
                .bindArray(
                        "sources", String.class, rows.stream().map(Row::source).toArray(String[]::new))
                .bindArray(
                        "ats",
                        String.class,
                        rows.stream().map(row -> row.at().toString()).toArray(String[]::new))
                .bindArray(
                        "byTypes",
                        String.class,
                        rows.stream().map(Row::sentByType).toArray(String[]::new))
                .bindArray(
                        "byIds", String.class, rows.stream().map(Row::sentById).toArray(String[]::new))
                .bindArray("seqs", Long.class, rows.stream().map(Row::sequence).toArray(Long[]::new))
                .bindArray("recipientEmails", String.class, recipientEmails.toArray(String[]::new))
                .bindArray("addresses", String.class, addresses.toArray(String[]::new))
                .bindArray("recipientStatuses", String.class, statuses.toArray(String[]::new))
                .bindArray("entryEmails", String.class, entryEmails.toArray(String[]::new))
                .bindArray("eventIds", String.class, eventIds.toArray(String[]::new))
                .bindArray("types", String.class, types.toArray(String[]::new))
                .bindArray("entryRecipients", String.class, entryRecipients.toArray(String[]::new))
                .bindArray("details", String.class, details.toArray(String[]::new))
                .execute();
    }
}
