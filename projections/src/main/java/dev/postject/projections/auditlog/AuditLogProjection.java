package dev.postject.projections.auditlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postject.events.AccountEvent;
import dev.postject.events.Actor;
import dev.postject.events.Redacted;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit log: every ledger entry of an account with who caused it. Fed by a streaming
 * processor, so it can be rebuilt by replay; idempotent by ledger position. Fields marked
 * {@link Redacted} never reach it.
 */
@ProcessingGroup(AuditLogProjection.GROUP)
public final class AuditLogProjection {
    public static final String GROUP = "auditlog";
    /** The entry types the log holds: the account's events, by their names. */
    public static final List<String> TYPES = Arrays.stream(AccountEvent.class.getPermittedSubclasses())
            .map(Class::getSimpleName)
            .toList();

    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final Map<Class<?>, List<String>> redactedFields = new ConcurrentHashMap<>();

    public AuditLogProjection(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    @EventHandler
    void on(AccountEvent event, EventMessage<?> message, TrackingToken token) {
        long position =
                token.position().orElseThrow(() -> new IllegalStateException("The audit log needs a ledger position"));
        Actor actor = Actor.fromMetadata(message.getMetaData());
        jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO rm_audit_log (global_index, event_id, account_id, type, occurred_at,"
                                + " actor_type, actor_id, request_id, client_ip, data)"
                                + " VALUES (:position, :eventId, :accountId, :type, :at, :actorType, :actorId,"
                                + " :requestId, :clientIp, cast(:data AS JSONB))"
                                + " ON CONFLICT (global_index) DO NOTHING")
                .bind("position", position)
                .bind("eventId", message.getIdentifier())
                .bind("accountId", event.accountId().value())
                .bind("type", event.getClass().getSimpleName())
                .bind("at", message.getTimestamp())
                .bind("actorType", actor.type().wireName())
                .bind("actorId", actor.id())
                .bind("requestId", (String) message.getMetaData().get(Actor.REQUEST_ID_KEY))
                .bind("clientIp", (String) message.getMetaData().get(Actor.CLIENT_IP_KEY))
                .bind("data", shown(event))
                .execute());
    }

    @ResetHandler
    public void reset() {
        jdbi.useHandle(h -> h.execute("TRUNCATE rm_audit_log"));
    }

    private String shown(AccountEvent event) {
        ObjectNode data = json.valueToTree(event);
        data.remove(redactedFields.computeIfAbsent(event.getClass(), AuditLogProjection::redactedFieldsOf));
        return data.toString();
    }

    private static List<String> redactedFieldsOf(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            return List.of();
        }
        return Arrays.stream(components)
                .filter(c -> c.isAnnotationPresent(Redacted.class))
                .map(RecordComponent::getName)
                .toList();
    }
}
