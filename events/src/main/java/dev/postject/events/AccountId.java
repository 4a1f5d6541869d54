package dev.postject.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** An account's id, {@code acct_...}. Serialized as the bare string. */
public record AccountId(@JsonValue String value) {
    public static final String PREFIX = "acct_";

    @JsonCreator
    public AccountId {
        Objects.requireNonNull(value, "value");
    }

    /** Axon uses {@code toString()} as the aggregate identifier. */
    @Override
    public String toString() {
        return value;
    }
}
