package dev.postject.service.resources.api;

import dev.postject.service.platform.errors.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Opaque list cursors: base64url of a position, checked on the way back in. A cursor this list did
 * not hand out (garbled, or another list's) is refused with 422 {@code invalid_cursor}, never read
 * as a position that matches nothing. An empty {@code after} is the same as none.
 */
public final class Cursors {
    private static final Pattern ID_BODY = Pattern.compile("[0-9A-Za-z]{1,64}");
    private static final Pattern POSITION = Pattern.compile("0|[1-9][0-9]{0,18}");

    private Cursors() {}

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor made of an object's id, which must carry {@code prefix} ({@code msg_}); null if absent. */
    public static String decodeId(String cursor, String prefix) {
        String position = decode(cursor);
        if (position != null
                && !(position.startsWith(prefix)
                        && ID_BODY.matcher(position.substring(prefix.length())).matches())) {
            throw invalid();
        }
        return position;
    }

    /** A cursor made of a ledger position (0 or more); null if absent. */
    public static Long decodePosition(String cursor) {
        String position = decode(cursor);
        if (position == null) {
            return null;
        }
        if (!POSITION.matcher(position).matches()) {
            throw invalid();
        }
        try {
            return Long.parseLong(position);
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
        throw new Refusal.Invalid("invalid_limit", "limit must be an integer from 1 to 100.", "limit");
    }

    /** The decoded position, or null for no cursor; only what {@link #encode} makes comes back out. */
    private static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        String position;
        try {
            position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!encode(position).equals(cursor)) {
            throw invalid();
        }
        return position;
    }

    private static Refusal invalid() {
        return new Refusal.Invalid(
                "invalid_cursor", "This cursor is not valid: pass the nextCursor of the list's last page.", "after");
    }
}
