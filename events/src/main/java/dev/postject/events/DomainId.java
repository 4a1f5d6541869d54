package dev.postject.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** A sending domain's id, {@code dom_...}. */
public record DomainId(@JsonValue String value) {
    public static final String PREFIX = "dom_";

    @JsonCreator
    public DomainId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
