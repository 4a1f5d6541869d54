package dev.postject.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** An API key's public id, {@code key_...}; never the key itself. */
public record ApiKeyId(@JsonValue String value) {
    public static final String PREFIX = "key_";

    @JsonCreator
    public ApiKeyId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
