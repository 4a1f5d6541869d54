package dev.postject.service.resources.api;

import dev.postject.service.errors.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque list cursors: base64url of a position, checked on the way back in. */
public final class Cursors {
    private Cursors() {}

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    public static long decodeLong(String cursor) {
        try {
            return Long.parseLong(decode(cursor));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    /** The {@code limit} query parameter: 1 to 100, 20 when absent. */
    public static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return 20;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= 100) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new DomainException.Invalid("invalid_limit", "limit must be an integer from 1 to 100.", "limit");
    }

    private static DomainException invalid() {
        return new DomainException.Invalid("invalid_cursor", "This cursor is not valid.", "after");
    }
}
