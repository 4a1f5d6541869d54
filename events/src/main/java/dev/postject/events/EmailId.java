package dev.postject.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** An accepted email's id, {@code msg_...}. */
public record EmailId(@JsonValue String value) {
    public static final String PREFIX = "msg_";

    @JsonCreator
    public EmailId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
