package dev.postject.service.resources.compat;

import java.util.ArrayList;
import java.util.List;

/**
 * Postmark's address fields: one string, addresses separated by commas, display names allowed
 * ({@code "Doe, Jane" <jane@example.com>, bob@example.com}). Split at the commas that separate
 * addresses (not those in a quoted name, a comment or angle brackets), each entry kept as written:
 * whether it is an address is for the send path to say.
 */
final class AddressLists {
    private AddressLists() {}

    /** The entries of {@code list}, trimmed, empty ones dropped; none for null. */
    static List<String> split(String list) {
        List<String> entries = new ArrayList<>();
        if (list == null) {
            return entries;
        }
        StringBuilder entry = new StringBuilder();
        boolean quoted = false;
        boolean escaped = false;
        int angle = 0;
        int comment = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\' && quoted) {
                escaped = true;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && c == '(') {
                comment++;
            } else if (!quoted && c == ')' && comment > 0) {
                comment--;
            } else if (!quoted && angle == 0 && comment == 0 && c == ',') {
                add(entries, entry);
                entry.setLength(0);
                continue;
            }
            entry.append(c);
        }
        add(entries, entry);
        return entries;
    }

    private static void add(List<String> entries, StringBuilder entry) {
        String trimmed = entry.toString().strip();
        if (!trimmed.isEmpty()) {
            entries.add(trimmed);
        }
    }
}
