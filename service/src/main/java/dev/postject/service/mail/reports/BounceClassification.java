package dev.postject.service.mail.reports;

import java.util.Objects;

/** A bounce's type (what it means for the address) and subtype (what went wrong). */
public record BounceClassification(BounceType type, BounceSubtype subtype) {
    public BounceClassification {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subtype, "subtype");
    }

    /** Whether this bounce alone is reason to stop sending to the address. */
    public boolean suppresses() {
        return type == BounceType.HARD;
    }

    @Override
    public String toString() {
        return type.code() + "/" + subtype.code();
    }
}
