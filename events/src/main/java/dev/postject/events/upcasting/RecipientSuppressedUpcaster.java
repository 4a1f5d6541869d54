package dev.postject.events.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postject.events.RecipientSuppressed;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * {@link RecipientSuppressed} revision 1 to 2. Revision 1 suppressed an address on every 5xx
 * reply, with the reason {@code "hard_bounce: <the reply>"}: that is reason {@code hard_bounce}
 * now, its bounce {@code undetermined}/{@code other} as the bounce itself upcasts (see {@link
 * EmailBouncedUpcaster}); the reply stays on the email's timeline. Any other reason is kept, with
 * no bounce.
 */
public final class RecipientSuppressedUpcaster extends SingleEventUpcaster {
    static final SimpleSerializedType V1 = new SimpleSerializedType(RecipientSuppressed.class.getName(), "1");
    static final SimpleSerializedType V2 = new SimpleSerializedType(RecipientSuppressed.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return V1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(V2, JsonNode.class, RecipientSuppressedUpcaster::upcast);
    }

    /** The revision 1 JSON of an event as revision 2 JSON. */
    public static JsonNode upcast(JsonNode v1) {
        ObjectNode v2 = v1.deepCopy();
        String reason = v1.path("reason").asText();
        if (reason.equals(RecipientSuppressed.HARD_BOUNCE)
                || reason.startsWith(RecipientSuppressed.HARD_BOUNCE + ":")) {
            v2.put("reason", RecipientSuppressed.HARD_BOUNCE);
            v2.put("bounceType", "undetermined");
            v2.put("subtype", "other");
        } else {
            v2.putNull("bounceType");
            v2.putNull("subtype");
        }
        return v2;
    }
}
