package dev.postject.events.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postject.events.EmailBounced;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@link EmailBounced} revision 1 to 2: a revision 1 bounce was a 5xx reply while sending, recorded
 * before bounces were classified, so it is {@code undetermined}/{@code other}, synchronous, with no
 * status code of its own.
 */
public final class EmailBouncedUpcaster extends SingleEventUpcaster {
    static final SimpleSerializedType V1 = new SimpleSerializedType(EmailBounced.class.getName(), "1");
    static final SimpleSerializedType V2 = new SimpleSerializedType(EmailBounced.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return V1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(V2, JsonNode.class, EmailBouncedUpcaster::upcast);
    }

    /** The revision 1 JSON of an event as revision 2 JSON. */
    public static JsonNode upcast(JsonNode v1) {
        ObjectNode v2 = v1.deepCopy();
        v2.put("bounceType", "undetermined");
        v2.put("subtype", "other");
        v2.putNull("status");
        v2.put("asynchronous", false);
        return v2;
    }
}
