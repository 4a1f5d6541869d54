package dev.postject.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** A dashboard user's id, {@code usr_...}. */
public record UserId(@JsonValue String value) {
    public static final String PREFIX = "usr_";

    @JsonCreator
    public UserId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
