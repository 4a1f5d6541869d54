package dev.postject.service.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.events.AccountId;
import dev.postject.events.DomainVerified;
import dev.postject.events.EmailBounced;
import dev.postject.events.EmailComplained;
import dev.postject.events.EmailDeferred;
import dev.postject.events.EmailDelayed;
import dev.postject.events.EmailDelivered;
import dev.postject.events.EmailFailed;
import dev.postject.events.EmailId;
import dev.postject.events.EmailLinkClicked;
import dev.postject.events.EmailOpened;
import dev.postject.events.EmailQueued;
import dev.postject.events.ProductionAccessApproved;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.text.Addresses;
import java.util.ArrayList;
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
    private final ReadModelCaches caches;
    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final Runnable wakeDispatcher;

    public WebhookOutbox(
            Transactions transactions, ReadModelCaches caches, Jdbi jdbi, ObjectMapper json, Runnable wakeDispatcher) {
        this.transactions = transactions;
        this.caches = caches;
        this.jdbi = jdbi;
        this.json = json;
        this.wakeDispatcher = wakeDispatcher;
    }

    /** One {@code email.queued} per recipient sent to, each with its own webhook-id. */
    @EventHandler
    void on(EmailQueued e, EventMessage<?> message) {
        if (e.system() || !hasEndpoints(e.accountId())) {
            return;
        }
        Set<String> skipped = new HashSet<>();
        e.suppressed().forEach(address -> skipped.add(Addresses.key(address)));
        Set<String> done = new HashSet<>();
        List<Item> items = new ArrayList<>();
        for (List<String> list : List.of(e.to(), e.cc(), e.bcc())) {
            for (String entry : list) {
                String key = Addresses.key(entry);
                if (!skipped.contains(key) && done.add(key)) {
                    Map<String, Object> data = email(e.emailId(), Addresses.bare(entry));
                    data.put("from", e.from());
                    data.put("subject", e.subject());
                    data.put("tag", e.tag());
                    data.put("metadata", e.metadata());
                    items.add(new Item("evt_" + message.getIdentifier() + "_" + items.size(), data));
                }
            }
        }
        fanOut(message, e.accountId(), null, "email.queued", items);
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

    /** A bounce while sending or reported later ({@code asynchronous}), with its class. */
    @EventHandler
    void on(EmailBounced e, EventMessage<?> message) {
        Map<String, Object> data = email(e.emailId(), e.recipient());
        data.put("bounceType", e.bounceType());
        data.put("subtype", e.subtype());
        data.put("status", e.status());
        data.put("response", e.response());
        data.put("asynchronous", e.asynchronous());
        emailEvent(message, e.accountId(), e.emailId(), "email.bounced", data);
    }

    /** A server further on reported it is still trying to deliver. */
    @EventHandler
    void on(EmailDelayed e, EventMessage<?> message) {
        Map<String, Object> data = email(e.emailId(), e.recipient());
        data.put("status", e.status());
        data.put("response", e.response());
        emailEvent(message, e.accountId(), e.emailId(), "email.delayed", data);
    }

    /** The recipient marked the email as spam (their address is suppressed besides). */
    @EventHandler
    void on(EmailComplained e, EventMessage<?> message) {
        Map<String, Object> data = email(e.emailId(), e.recipient());
        data.put("feedbackType", e.feedbackType());
        data.put("reporter", e.reporter());
        emailEvent(message, e.accountId(), e.emailId(), "email.complained", data);
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
        accountEvent(message, e.accountId(), "domain.verified", data);
    }

    @EventHandler
    void on(ProductionAccessApproved e, EventMessage<?> message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accountId", e.accountId().value());
        accountEvent(message, e.accountId(), "account.production_approved", data);
    }

    private static Map<String, Object> email(EmailId emailId, String recipient) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("emailId", emailId.value());
        data.put("recipient", recipient);
        return data;
    }

    private void emailEvent(
            EventMessage<?> message, AccountId account, EmailId emailId, String type, Map<String, Object> data) {
        if (hasEndpoints(account)) {
            fanOut(message, account, emailId, type, List.of(new Item("evt_" + message.getIdentifier(), data)));
        }
    }

    private void accountEvent(EventMessage<?> message, AccountId account, String type, Map<String, Object> data) {
        if (hasEndpoints(account)) {
            fanOut(message, account, null, type, List.of(new Item("evt_" + message.getIdentifier(), data)));
        }
    }

    /**
     * Whether the account has webhook endpoints at all, from the node's account cache: most have
     * none, and their events then cost nothing here. The cache is evicted on this node when an
     * endpoint is created, and on the others within a second (LISTEN/NOTIFY).
     */
    private boolean hasEndpoints(AccountId account) {
        return caches.account(account.value()).map(view -> view.webhooks() > 0).orElse(true);
    }

    /** One webhook message: its webhook-id and its {@code data}. */
    private record Item(String eventId, Map<String, Object> data) {}

    /**
     * A delivery of each item for each endpoint of the account subscribed to {@code type}, in one
     * statement; none for Postject's own mail to the account (confirmation links, decisions).
     */
    private void fanOut(EventMessage<?> message, AccountId account, EmailId emailId, String type, List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        List<String> eventIds = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (Item item : items) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", type);
            body.put("timestamp", message.getTimestamp());
            body.put("data", item.data());
            try {
                payloads.add(json.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            eventIds.add(item.eventId());
        }
        int created = jdbi.withHandle(h -> h.createUpdate("INSERT INTO webhook_deliveries (delivery_id, webhook_id,"
                        + " account_id, event_id, type, payload, status, created_at, next_attempt_at)"
                        + " SELECT 'wdl_' || replace(gen_random_uuid()::text, '-', ''), w.webhook_id, w.account_id,"
                        + " m.event_id, :type, m.payload, 'pending', :now, :now"
                        + " FROM rm_webhooks w, unnest(:eventIds, :payloads) AS m(event_id, payload)"
                        + " WHERE w.account_id = :account AND w.enabled AND :type = ANY (w.event_types)"
                        + " AND NOT EXISTS (SELECT 1 FROM rm_emails WHERE email_id = :emailId AND system)"
                        + " ON CONFLICT (webhook_id, event_id) DO NOTHING")
                .bind("type", type)
                .bind("now", message.getTimestamp())
                .bind("account", account.value())
                .bind("emailId", emailId == null ? null : emailId.value())
                .bindArray("eventIds", String.class, eventIds.toArray(String[]::new))
                .bindArray("payloads", String.class, payloads.toArray(String[]::new))
                .execute());
        if (created > 0) {
            transactions.afterCommit(wakeDispatcher);
        }
    }
}
