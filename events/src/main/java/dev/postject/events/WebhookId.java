package dev.postject.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** A webhook endpoint's id, {@code whk_...}. */
public record WebhookId(@JsonValue String value) {
    public static final String PREFIX = "whk_";

    @JsonCreator
    public WebhookId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
