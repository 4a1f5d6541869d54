package dev.postject.events.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postject.events.EmailQueued;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@link EmailQueued} revision 1 to 2: every email before revision 2 came in over HTTP, so its
 * {@code source} is {@value EmailQueued#API}, or {@value EmailQueued#SYSTEM} for Postject's own mail.
 */
public final class EmailQueuedUpcaster extends SingleEventUpcaster {
    static final SimpleSerializedType V1 = new SimpleSerializedType(EmailQueued.class.getName(), "1");
    static final SimpleSerializedType V2 = new SimpleSerializedType(EmailQueued.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return V1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(V2, JsonNode.class, EmailQueuedUpcaster::upcast);
    }

    /** The revision 1 JSON of an event as revision 2 JSON. */
    public static JsonNode upcast(JsonNode v1) {
        ObjectNode v2 = v1.deepCopy();
        v2.put("source", v1.path("system").asBoolean() ? EmailQueued.SYSTEM : EmailQueued.API);
        return v2;
    }
}
