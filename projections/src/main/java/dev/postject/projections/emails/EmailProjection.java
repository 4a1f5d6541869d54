package dev.postject.projections.emails;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postject.events.Actor;
import dev.postject.events.EmailBounced;
import dev.postject.events.EmailComplained;
import dev.postject.events.EmailDeferred;
import dev.postject.events.EmailDelayed;
import dev.postject.events.EmailDelivered;
import dev.postject.events.EmailFailed;
import dev.postject.events.EmailLinkClicked;
import dev.postject.events.EmailOpened;
import dev.postject.events.EmailQueued;
import dev.postject.projections.EmailKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/**
 * Emails, who sent each (the actor of its {@code EmailQueued}), their per-recipient state and their timelines. Read-your-writes, so an email can be read
 * back the moment it is accepted. Idempotent by position, as {@code Positions} makes the other
 * projections, but with the position in the email's own row ({@code rm_emails.sequence_number}):
 * each event is one statement that applies it only if it comes after the last one applied, and
 * moves the position. An email's first event inserts its row, and only a new row gets recipients
 * and timeline entries. Each timeline entry is keyed by its event id besides. The new emails and the
 * recipients' steps of one batch of events are written together ({@link KeptWrites}).
 */
@ProcessingGroup(EmailProjection.GROUP)
public final class EmailProjection {
    public static final String GROUP = "emails";

    private final Jdbi jdbi;
    private final ObjectMapper json;

    public EmailProjection(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /** The event's place in its email's events. */
    private static long sequence(EventMessage<?> event) {
        if (!(event instanceof DomainEventMessage<?> applied)) {
            throw new IllegalArgumentException("The " + GROUP + " projection applies events of emails," + " not a bare "
                    + event.getPayloadType().getSimpleName());
        }
        return applied.getSequenceNumber();
    }

    /**
     * Runs one statement, made on the handle in use, with the event's position bound as {@code :seq},
     * after the writes its batch has kept ({@link KeptWrites}).
     */
    private void apply(EventMessage<?> event, String sql, UnaryOperator<Update> binds) {
        long seq = sequence(event);
        KeptWrites.writeKept(jdbi); // the batch's kept writes first: this may read or change their rows
        jdbi.useHandle(h -> binds.apply(h.createUpdate(sql).bind("seq", seq)).execute());
    }

    @EventHandler
    void on(EmailQueued e, EventMessage<?> message) {
        ObjectNode recipients = json.createObjectNode();
        recipients.set("to", json.valueToTree(e.to()));
        recipients.set("cc", json.valueToTree(e.cc()));
        recipients.set("bcc", json.valueToTree(e.bcc()));
        Set<String> suppressed = new HashSet<>();
        e.suppressed().forEach(address -> suppressed.add(EmailKeys.of(address)));
        Map<String, String> all = new LinkedHashMap<>(); // one row per address: its first spelling
        for (List<String> list : List.of(e.to(), e.cc(), e.bcc())) {
            list.forEach(entry -> all.putIfAbsent(EmailKeys.of(entry), EmailKeys.address(entry)));
        }
        Actor sender = Actor.fromMetadata(message.getMetaData()); // who sent it: a key, a server token...
        List<NewEmails.Recipient> recipientRows = new ArrayList<>();
        List<NewEmails.Entry> entries =
                new ArrayList<>(List.of(new NewEmails.Entry(message.getIdentifier(), "queued", null, null)));
        for (String recipient : all.values()) {
            boolean skipped = suppressed.contains(EmailKeys.of(recipient));
            recipientRows.add(new NewEmails.Recipient(recipient, skipped ? "suppressed" : "queued"));
            if (skipped) {
                entries.add(new NewEmails.Entry(
                        message.getIdentifier() + ":" + recipient,
                        "suppressed",
                        recipient,
                        "On the account's suppression list; not sent."));
            }
        }
        // what refreshStatus would say: a recipient waits for its first attempt, or none is sent to
        boolean waiting = recipientRows.stream().anyMatch(row -> row.status().equals("queued"));
        KeptWrites.keep(
                jdbi,
                NewEmails.WRITER,
                new NewEmails.Row(
                        e.emailId().value(),
                        e.accountId().value(),
                        e.from(),
                        recipients.toString(),
                        e.subject(),
                        e.tag(),
                        waiting ? "queued" : "failed",
                        e.system(),
                        e.sandbox(),
                        e.source(),
                        e.queuedAt(),
                        sender.type().wireName(),
                        sender.id(),
                        sequence(message),
                        recipientRows,
                        entries));
    }

    @EventHandler
    void on(EmailDelivered e, EventMessage<?> message) {
        recipientStep(message, e.emailId().value(), e.recipient(), "delivered", e.deliveredAt(), e.response());
    }

    @EventHandler
    void on(EmailDeferred e, EventMessage<?> message) {
        recipientStep(
                message,
                e.emailId().value(),
                e.recipient(),
                "deferred",
                e.deferredAt(),
                e.response() + " (attempt " + e.attempt() + ", retrying at " + e.retryAt() + ")");
    }

    /** Synchronous or reported after delivery: either way the recipient is bounced, with the bounce's class. */
    @EventHandler
    void on(EmailBounced e, EventMessage<?> message) {
        recipientStep(
                message,
                e.emailId().value(),
                e.recipient(),
                "bounced",
                e.bouncedAt(),
                e.response(),
                ", bounce_type = :bounceType, bounce_subtype = :subtype, bounce_status = :bounceStatus,"
                        + " bounce_response = :detail, bounce_asynchronous = :asynchronous, bounced_at = :at",
                u -> u.bind("bounceType", e.bounceType())
                        .bind("subtype", e.subtype())
                        .bind("bounceStatus", e.status())
                        .bind("asynchronous", e.asynchronous()));
    }

    /** A server further on is still trying: a timeline entry; nothing is decided yet. */
    @EventHandler
    void on(EmailDelayed e, EventMessage<?> message) {
        String detail = e.status() == null || e.response().contains(e.status())
                ? e.response()
                : e.status() + " " + e.response();
        timeline(message, e.emailId().value(), "delayed", e.recipient(), e.reportedAt(), detail);
    }

    /** The recipient's complaint, on its row and the timeline; its delivery status stays what it was. */
    @EventHandler
    void on(EmailComplained e, EventMessage<?> message) {
        String detail =
                "Marked as " + e.feedbackType() + (e.reporter() == null ? "" : " (reported by " + e.reporter() + ")");
        apply(
                message,
                "WITH fresh AS (UPDATE rm_emails SET sequence_number = :seq WHERE email_id = :emailId"
                        + " AND sequence_number < :seq RETURNING email_id),"
                        + " complaint AS (UPDATE rm_email_recipients SET complaint_type = :feedbackType,"
                        + " complained_at = :at WHERE email_id IN (SELECT email_id FROM fresh) AND lower(recipient) = lower(:recipient))"
                        + " INSERT INTO rm_email_events (event_id, email_id, type, recipient, at, detail)"
                        + " SELECT :eventId, email_id, 'complained', :recipient, :at, :detail FROM fresh"
                        + " ON CONFLICT DO NOTHING",
                u -> u.bind("eventId", message.getIdentifier())
                        .bind("emailId", e.emailId().value())
                        .bind("recipient", e.recipient())
                        .bind("feedbackType", e.feedbackType())
                        .bind("at", e.complainedAt())
                        .bind("detail", detail));
    }

    @EventHandler
    void on(EmailFailed e, EventMessage<?> message) {
        recipientStep(message, e.emailId().value(), e.recipient(), "failed", e.failedAt(), e.reason());
    }

    @EventHandler
    void on(EmailOpened e, EventMessage<?> message) {
        timeline(message, e.emailId().value(), "opened", e.recipient(), e.openedAt(), e.userAgent());
    }

    @EventHandler
    void on(EmailLinkClicked e, EventMessage<?> message) {
        timeline(message, e.emailId().value(), "clicked", e.recipient(), e.clickedAt(), e.url());
    }

    /** A timeline entry that changes no status (opens, clicks, delays). */
    private void timeline(
            EventMessage<?> message, String emailId, String type, String recipient, Instant at, String detail) {
        apply(
                message,
                "WITH fresh AS (UPDATE rm_emails SET sequence_number = :seq WHERE email_id = :emailId"
                        + " AND sequence_number < :seq RETURNING email_id)"
                        + " INSERT INTO rm_email_events (event_id, email_id, type, recipient, at, detail)"
                        + " SELECT :eventId, email_id, :type, :recipient, :at, :detail FROM fresh ON CONFLICT DO NOTHING",
                u -> u.bind("eventId", message.getIdentifier())
                        .bind("emailId", emailId)
                        .bind("type", type)
                        .bind("recipient", recipient)
                        .bind("at", at)
                        .bind("detail", detail));
    }

    /** Clears the model for a replay (DELETE: readers see the old rows until the replay commits). */
    @ResetHandler
    public void reset() {
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM rm_email_events");
            h.execute("DELETE FROM rm_email_recipients");
            h.execute("DELETE FROM rm_emails");
        });
    }

    /**
     * One recipient's new status, its timeline entry and the email's status ({@link RecipientSteps}),
     * kept for its batch's statement. Nothing changes when the email's row has this event's position
     * or a later one already.
     */
    private void recipientStep(
            EventMessage<?> message, String emailId, String recipient, String status, Instant at, String detail) {
        KeptWrites.keep(
                jdbi,
                RecipientSteps.WRITER,
                new RecipientSteps.Step(
                        emailId, recipient, status, sequence(message), message.getIdentifier(), at, detail));
    }

    /**
     * As above in a statement of its own, setting more of the recipient's columns too (a bounce's
     * class): {@code alsoSet} is {@code ", column = :name, ..."} (it may use {@code :at} and {@code
     * :detail}), {@code alsoBind} binds its names. A bounce reported after delivery makes the
     * delivered recipient bounced, and so the email.
     */
    private void recipientStep(
            EventMessage<?> message,
            String emailId,
            String recipient,
            String status,
            Instant at,
            String detail,
            String alsoSet,
            UnaryOperator<Update> alsoBind) {
        apply(
                message,
                "WITH fresh AS (SELECT email_id FROM rm_emails WHERE email_id = :id AND sequence_number < :seq),"
                        + " step AS (UPDATE rm_email_recipients SET status = :s" + alsoSet
                        + " WHERE email_id IN (SELECT email_id FROM fresh) AND lower(recipient) = lower(:r)),"
                        + " entry AS (INSERT INTO rm_email_events (event_id, email_id, type, recipient, at, detail)"
                        + " SELECT :eventId, email_id, :s, :r, :at, :detail FROM fresh ON CONFLICT DO NOTHING)"
                        + " UPDATE rm_emails SET sequence_number = :seq, status = (SELECT "
                        + RecipientSteps.STATUS_AFTER_STEP
                        + " FROM (SELECT CASE WHEN lower(recipient) = lower(:r) THEN :s ELSE status END AS status"
                        + " FROM rm_email_recipients WHERE email_id = :id) after_step)"
                        + " WHERE email_id = :id AND sequence_number < :seq",
                u -> alsoBind.apply(u.bind("s", status)
                        .bind("id", emailId)
                        .bind("r", recipient)
                        .bind("eventId", message.getIdentifier())
                        .bind("at", at)
                        .bind("detail", detail)));
    }
}
