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
import java.util.Collections;
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
 * and timeline entries. Each timeline entry is keyed by its event id besides.
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

    /** Runs one statement, made on the handle in use, with the event's position bound as {@code :seq}. */
    private void apply(EventMessage<?> event, String sql, UnaryOperator<Update> binds) {
        long seq = sequence(event);
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
        // the email, its recipients and its first timeline entries in one statement
        List<String> addresses = List.copyOf(all.values());
        List<String> statuses = new ArrayList<>();
        List<String> eventIds = new ArrayList<>(List.of(message.getIdentifier()));
        List<String> types = new ArrayList<>(List.of("queued"));
        List<String> eventRecipients = new ArrayList<>(Collections.singletonList(null));
        List<String> details = new ArrayList<>(Collections.singletonList(null));
        for (String recipient : addresses) {
            boolean skipped = suppressed.contains(EmailKeys.of(recipient));
            statuses.add(skipped ? "suppressed" : "queued");
            if (skipped) {
                eventIds.add(message.getIdentifier() + ":" + recipient);
                types.add("suppressed");
                eventRecipients.add(recipient);
                details.add("On the account's suppression list; not sent.");
            }
        }
        apply(
                message,
                "WITH email AS (INSERT INTO rm_emails (email_id, account_id, sender,"
                        + " recipients, subject, tag, status, system, sandbox, source, created_at, sent_by_type,"
                        + " sent_by_id, sequence_number) VALUES (:id, :account, :sender, cast(:recipients AS JSONB),"
                        + " :subject, :tag, :status, :system, :sandbox, :source, :at, :sentByType, :sentById, :seq)"
                        + " ON CONFLICT DO NOTHING RETURNING email_id),"
                        + " recipient AS (INSERT INTO rm_email_recipients (email_id, recipient, status)"
                        + " SELECT email_id, r.address, r.status FROM email, unnest(:addresses, :statuses)"
                        + " AS r(address, status) ON CONFLICT DO NOTHING)"
                        + " INSERT INTO rm_email_events (event_id, email_id, type, recipient, at, detail)"
                        + " SELECT t.event_id, email_id, t.type, t.recipient, :at, t.detail FROM email,"
                        + " unnest(:eventIds, :types, :eventRecipients, :details) AS t(event_id, type, recipient, detail)"
                        + " ON CONFLICT DO NOTHING",
                u -> u.bind("id", e.emailId().value())
                        .bind("account", e.accountId().value())
                        .bind("sender", e.from())
                        .bind("recipients", recipients.toString())
                        .bind("subject", e.subject())
                        .bind("tag", e.tag())
                        // what refreshStatus would say: a recipient waits for its first attempt, or none is sent to
                        .bind("status", statuses.contains("queued") ? "queued" : "failed")
                        .bind("system", e.system())
                        .bind("sandbox", e.sandbox())
                        .bind("source", e.source())
                        .bind("at", e.queuedAt())
                        .bind("sentByType", sender.type().wireName())
                        .bind("sentById", sender.id())
                        .bindArray("addresses", String.class, addresses)
                        .bindArray("statuses", String.class, statuses)
                        .bindArray("eventIds", String.class, eventIds)
                        .bindArray("types", String.class, types)
                        .bindArray("eventRecipients", String.class, eventRecipients)
                        .bindArray("details", String.class, details));
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
     * One recipient's new status, its timeline entry and the email's status, in one statement. The
     * status is worked out from the recipients as they are after the change (a statement's parts
     * all see the rows as they were before it): an email is {@code deferred} while any recipient
     * waits for a retry, {@code queued} while any waits for a first attempt, {@code delivered} when
     * every sent-to recipient got it, else {@code bounced} if any bounced, else {@code failed}. A
     * bounce reported after delivery makes the delivered recipient bounced, and so the email.
     * Nothing changes when the email's row has this event's position or a later one already.
     */
    private void recipientStep(
            EventMessage<?> message, String emailId, String recipient, String status, Instant at, String detail) {
        recipientStep(message, emailId, recipient, status, at, detail, "", UnaryOperator.identity());
    }

    /**
     * As above, setting more of the recipient's columns too: {@code alsoSet} is {@code ", column =
     * :name, ..."} (it may use {@code :at} and {@code :detail}), {@code alsoBind} binds its names.
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
                        + " UPDATE rm_emails SET sequence_number = :seq, status = (SELECT CASE"
                        + " WHEN bool_or(status = 'deferred') THEN 'deferred'"
                        + " WHEN bool_or(status = 'queued') THEN 'queued'"
                        + " WHEN bool_and(status IN ('delivered', 'suppressed')) AND bool_or(status = 'delivered') THEN 'delivered'"
                        + " WHEN bool_or(status = 'bounced') THEN 'bounced'"
                        + " ELSE 'failed' END FROM (SELECT CASE WHEN lower(recipient) = lower(:r) THEN :s ELSE status END AS status"
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
