package dev.postject.events;

import java.util.Map;
import java.util.Objects;

/**
 * Who caused an event. Carried in every event's metadata under {@link #TYPE_KEY} and
 * {@link #ID_KEY}, beside the request id and client IP.
 */
public record Actor(Type type, String id) {
    public static final String TYPE_KEY = "actorType";
    public static final String ID_KEY = "actorId";
    public static final String REQUEST_ID_KEY = "requestId";
    public static final String CLIENT_IP_KEY = "clientIp";

    public static final Actor SYSTEM = new Actor(Type.SYSTEM, "system");

    public enum Type {
        USER,
        API_KEY,
        SERVER_TOKEN,
        ADMIN,
        SYSTEM;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Type fromWireName(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Actor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    /** The actor recorded in an event's metadata, or {@link #SYSTEM} when none was recorded. */
    public static Actor fromMetadata(Map<String, ?> metadata) {
        Object type = metadata.get(TYPE_KEY);
        Object id = metadata.get(ID_KEY);
        if (type == null || id == null) {
            return SYSTEM;
        }
        return new Actor(Type.fromWireName(type.toString()), id.toString());
    }
}
