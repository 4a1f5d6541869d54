package dev.postject.service.resources.api;

import dev.postject.service.platform.errors.Refusal;
import java.util.Collection;

/** A list's filters on a fixed set of values: an unknown value is a 422, never an empty page. */
public final class Filters {
    private Filters() {}

    /** {@code value} when it is one of {@code allowed}, null when absent or empty; else 422 {@code code}. */
    public static String oneOf(String value, String field, String code, Collection<String> allowed) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw new Refusal.Invalid(code, field + " must be one of " + String.join(", ", allowed) + ".", field);
        }
        return value;
    }
}
