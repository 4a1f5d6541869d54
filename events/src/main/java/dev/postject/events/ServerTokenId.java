package dev.postject.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** A server token's public id, {@code stk_...}; never the token itself. */
public record ServerTokenId(@JsonValue String value) {
    public static final String PREFIX = "stk_";

    @JsonCreator
    public ServerTokenId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
