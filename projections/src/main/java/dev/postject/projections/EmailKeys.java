package dev.postject.projections;

import java.util.Locale;

/** How Postject compares addresses: by the bare address, case-insensitively, as mailbox providers do in practice. */
public final class EmailKeys {
    private EmailKeys() {}

    /** The comparison key of an address, given bare or as {@code Name <address>}. */
    public static String of(String email) {
        return address(email).toLowerCase(Locale.ROOT);
    }

    /** The bare address of an already validated {@code address} or {@code Name <address>}. */
    public static String address(String entry) {
        String trimmed = entry.strip();
        int open = trimmed.lastIndexOf('<');
        if (open >= 0 && trimmed.endsWith(">")) {
            return trimmed.substring(open + 1, trimmed.length() - 1).strip();
        }
        return trimmed;
    }
}
