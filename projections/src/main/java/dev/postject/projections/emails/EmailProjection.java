package dev.postject.projections.emails;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postject.events.EmailBounced;
import dev.postject.events.EmailDeferred;
import dev.postject.events.EmailDelivered;
import dev.postject.events.EmailFailed;
import dev.postject.events.EmailQueued;
import dev.postject.projections.EmailKeys;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Emails, their per-recipient state and their timelines. Read-your-writes, so an email can be read
 * back the moment it is accepted. Idempotent: each timeline entry is keyed by its event id.
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
        jdbi.useHandle(h -> {
            int inserted = h.createUpdate(
                            "INSERT INTO rm_emails (email_id, account_id, sender, recipients, subject, tag,"
                                    + " status, system, sandbox, created_at) VALUES (:id, :account, :sender, cast(:recipients AS JSONB),"
                                    + " :subject, :tag, 'queued', :system, :sandbox, :at) ON CONFLICT DO NOTHING")
                    .bind("id", e.emailId().value())
                    .bind("account", e.accountId().value())
                    .bind("sender", e.from())
                    .bind("recipients", recipients.toString())
                    .bind("subject", e.subject())
                    .bind("tag", e.tag())
                    .bind("system", e.system())
                    .bind("sandbox", e.sandbox())
                    .bind("at", e.queuedAt())
                    .execute();
            if (inserted == 0) {
                return;
            }
            for (String recipient : all.values()) {
                boolean skipped = suppressed.contains(EmailKeys.of(recipient));
                h.createUpdate("INSERT INTO rm_email_recipients (email_id, recipient, status) VALUES (:id, :r, :s)"
                                + " ON CONFLICT DO NOTHING")
                        .bind("id", e.emailId().value())
                        .bind("r", recipient)
                        .bind("s", skipped ? "suppressed" : "queued")
                        .execute();
                if (skipped) {
                    timeline(
                            h,
                            message.getIdentifier() + ":" + recipient,
                            e.emailId().value(),
                            "suppressed",
                            recipient,
                            e.queuedAt(),
                            "On the account's suppression list; not sent.");
                }
            }
            timeline(h, message.getIdentifier(), e.emailId().value(), "queued", null, e.queuedAt(), null);
            if (!suppressed.isEmpty()) {
                refreshStatus(h, e.emailId().value()); // otherwise it is 'queued', as inserted
            }
        });
    }

    @EventHandler
    void on(EmailDelivered e, EventMessage<?> message) {
        recipientStep(
                message.getIdentifier(),
                e.emailId().value(),
                e.recipient(),
                "delivered",
                e.deliveredAt(),
                e.response());
    }

    @EventHandler
    void on(EmailDeferred e, EventMessage<?> message) {
        recipientStep(
                message.getIdentifier(),
                e.emailId().value(),
                e.recipient(),
                "deferred",
                e.deferredAt(),
                e.response() + " (attempt " + e.attempt() + ", retrying at " + e.retryAt() + ")");
    }

    @EventHandler
    void on(EmailBounced e, EventMessage<?> message) {
        recipientStep(
                message.getIdentifier(), e.emailId().value(), e.recipient(), "bounced", e.bouncedAt(), e.response());
    }

    @EventHandler
    void on(EmailFailed e, EventMessage<?> message) {
        recipientStep(message.getIdentifier(), e.emailId().value(), e.recipient(), "failed", e.failedAt(), e.reason());
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

    private void recipientStep(
            String eventId, String emailId, String recipient, String status, Instant at, String detail) {
        jdbi.useHandle(h -> {
            h.createUpdate("UPDATE rm_email_recipients SET status = :s WHERE email_id = :id AND recipient = :r")
                    .bind("s", status)
                    .bind("id", emailId)
                    .bind("r", recipient)
                    .execute();
            timeline(h, eventId, emailId, status, recipient, at, detail);
            refreshStatus(h, emailId);
        });
    }

    private static void timeline(
            Handle h, String eventId, String emailId, String type, String recipient, Instant at, String detail) {
        h.createUpdate("INSERT INTO rm_email_events (event_id, email_id, type, recipient, at, detail)"
                        + " VALUES (:eventId, :emailId, :type, :recipient, :at, :detail) ON CONFLICT DO NOTHING")
                .bind("eventId", eventId)
                .bind("emailId", emailId)
                .bind("type", type)
                .bind("recipient", recipient)
                .bind("at", at)
                .bind("detail", detail)
                .execute();
    }

    /**
     * An email is {@code deferred} while any recipient waits for a retry, {@code queued} while any
     * waits for a first attempt, {@code delivered} when every sent-to recipient got it, else
     * {@code bounced} if any bounced, else {@code failed}.
     */
    private static void refreshStatus(Handle h, String emailId) {
        h.createUpdate("UPDATE rm_emails SET status = (SELECT CASE"
                        + " WHEN bool_or(status = 'deferred') THEN 'deferred'"
                        + " WHEN bool_or(status = 'queued') THEN 'queued'"
                        + " WHEN bool_and(status IN ('delivered', 'suppressed')) AND bool_or(status = 'delivered') THEN 'delivered'"
                        + " WHEN bool_or(status = 'bounced') THEN 'bounced'"
                        + " ELSE 'failed' END FROM rm_email_recipients WHERE email_id = :id) WHERE email_id = :id")
                .bind("id", emailId)
                .execute();
    }
}
