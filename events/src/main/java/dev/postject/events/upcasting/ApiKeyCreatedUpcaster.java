package dev.postject.events.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postject.events.ApiKeyCreated;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@link ApiKeyCreated} revision 1 to 2: every key before permissions existed could do everything
 * an API key can, so it is a {@value ApiKeyCreated#FULL_ACCESS} key, limited to no domain.
 */
public final class ApiKeyCreatedUpcaster extends SingleEventUpcaster {
    static final SimpleSerializedType V1 = new SimpleSerializedType(ApiKeyCreated.class.getName(), "1");
    static final SimpleSerializedType V2 = new SimpleSerializedType(ApiKeyCreated.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return V1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(V2, JsonNode.class, ApiKeyCreatedUpcaster::upcast);
    }

    /** The revision 1 JSON of an event as revision 2 JSON. */
    public static JsonNode upcast(JsonNode v1) {
        ObjectNode v2 = v1.deepCopy();
        v2.put("permission", ApiKeyCreated.FULL_ACCESS);
        v2.putNull("domainId");
        v2.putNull("domain");
        return v2;
    }
}
