package dev.postject.service.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.events.AccountId;
import dev.postject.events.DomainVerified;
import dev.postject.events.EmailBounced;
import dev.postject.events.EmailDeferred;
import dev.postject.events.EmailDelivered;
import dev.postject.events.EmailFailed;
import dev.postject.events.EmailId;
import dev.postject.events.EmailLinkClicked;
import dev.postject.events.EmailOpened;
import dev.postject.events.EmailQueued;
import dev.postject.events.ProductionAccessApproved;
import dev.postject.projections.EmailKeys;
import dev.postject.service.db.Transactions;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.jdbi.v3.core.Jdbi;

/**
 * The webhook outbox: in the transaction that appends an event, one delivery row per enabled
 * endpoint of the account that subscribed to its type. So an event is committed with its
 * deliveries or not at all, and none is lost on a crash. Never replayed: a rebuild of the read
 * models sends nothing.
 */
@ProcessingGroup(WebhookOutbox.GROUP)
@DisallowReplay
public final class WebhookOutbox {
    public static final String GROUP = "webhook-outbox";

    private final Transactions transactions;
    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final Runnable wakeDispatcher;

    public WebhookOutbox(Transactions transactions, Jdbi jdbi, ObjectMapper json, Runnable wakeDispatcher) {
        this.transactions = transactions;
        this.jdbi = jdbi;
        this.json = json;
        this.wakeDispatcher = wakeDispatcher;
    }

    /** One {@code email.queued} per recipient sent to, each with its own webhook-id. */
    @EventHandler
    void on(EmailQueued e, EventMessage<?> message) {
        if (e.system()) {
            return;
        }
        Set<String> skipped = new HashSet<>();
        e.suppressed().forEach(address -> skipped.add(EmailKeys.of(address)));
        Set<String> done = new HashSet<>();
        int n = 0;
        for (List<String> list : List.of(e.to(), e.cc(), e.bcc())) {
            for (String entry : list) {
                String key = EmailKeys.of(entry);
                if (!skipped.contains(key) && done.add(key)) {
                    Map<String, Object> data = email(e.emailId(), EmailKeys.address(entry));
                    data.put("from", e.from());
                    data.put("subject", e.subject());
                    data.put("tag", e.tag());
                    data.put("metadata", e.metadata());
                    fanOut(
                            message,
                            "evt_" + message.getIdentifier() + "_" + n++,
                            e.accountId(),
                            null,
                            "email.queued",
                            data);
                }
            }
        }
    }

    @EventHandler
    void on(EmailDelivered e, EventMessage<?> message) {
        Map<String, Object> data = email(e.emailId(), e.recipient());
        data.put("response", e.response());
        emailEvent(message, e.accountId(), e.emailId(), "email.delivered", data);
    }

    @EventHandler
    void on(EmailDeferred e, EventMessage<?> message) {
        Map<String, Object> data = email(e.emailId(), e.recipient());
        data.put("response", e.response());
        data.put("attempt", e.attempt());
        data.put("retryAt", e.retryAt());
        emailEvent(message, e.accountId(), e.emailId(), "email.deferred", data);
    }

    @EventHandler
    void on(EmailBounced e, EventMessage<?> message) {
        Map<String, Object> data = email(e.emailId(), e.recipient());
        data.put("response", e.response());
        emailEvent(message, e.accountId(), e.emailId(), "email.bounced", data);
    }

    @EventHandler
    void on(EmailFailed e, EventMessage<?> message) {
        Map<String, Object> data = email(e.emailId(), e.recipient());
        data.put("reason", e.reason());
        emailEvent(message, e.accountId(), e.emailId(), "email.failed", data);
    }

    @EventHandler
    void on(EmailOpened e, EventMessage<?> message) {
        Map<String, Object> data = email(e.emailId(), e.recipient());
        data.put("userAgent", e.userAgent());
        emailEvent(message, e.accountId(), e.emailId(), "email.opened", data);
    }

    @EventHandler
    void on(EmailLinkClicked e, EventMessage<?> message) {
        Map<String, Object> data = email(e.emailId(), e.recipient());
        data.put("url", e.url());
        data.put("userAgent", e.userAgent());
        emailEvent(message, e.accountId(), e.emailId(), "email.clicked", data);
    }

    @EventHandler
    void on(DomainVerified e, EventMessage<?> message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("domainId", e.domainId().value());
        data.put("name", e.name());
        fanOut(message, "evt_" + message.getIdentifier(), e.accountId(), null, "domain.verified", data);
    }

    @EventHandler
    void on(ProductionAccessApproved e, EventMessage<?> message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accountId", e.accountId().value());
        fanOut(message, "evt_" + message.getIdentifier(), e.accountId(), null, "account.production_approved", data);
    }

    private static Map<String, Object> email(EmailId emailId, String recipient) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("emailId", emailId.value());
        data.put("recipient", recipient);
        return data;
    }

    private void emailEvent(
            EventMessage<?> message, AccountId account, EmailId emailId, String type, Map<String, Object> data) {
        fanOut(message, "evt_" + message.getIdentifier(), account, emailId, type, data);
    }

    /**
     * A delivery for each endpoint of the account subscribed to {@code type}; none for Postject's
     * own mail to the account (confirmation links, decisions).
     */
    private void fanOut(
            EventMessage<?> message,
            String eventId,
            AccountId account,
            EmailId emailId,
            String type,
            Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", message.getTimestamp());
        body.put("data", data);
        String payload;
        try {
            payload = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Instant now = message.getTimestamp();
        int created = jdbi.withHandle(h -> h.createUpdate("INSERT INTO webhook_deliveries (delivery_id, webhook_id,"
                        + " account_id, event_id, type, payload, status, created_at, next_attempt_at)"
                        + " SELECT 'wdl_' || replace(gen_random_uuid()::text, '-', ''), webhook_id, account_id, :eventId,"
                        + " :type, :payload, 'pending', :now, :now FROM rm_webhooks"
                        + " WHERE account_id = :account AND enabled AND :type = ANY (event_types)"
                        + " AND NOT EXISTS (SELECT 1 FROM rm_emails WHERE email_id = :emailId AND system)"
                        + " ON CONFLICT (webhook_id, event_id) DO NOTHING")
                .bind("eventId", eventId)
                .bind("type", type)
                .bind("payload", payload)
                .bind("now", now)
                .bind("account", account.value())
                .bind("emailId", emailId == null ? null : emailId.value())
                .execute());
        if (created > 0) {
            transactions.afterCommit(wakeDispatcher);
        }
    }
}
