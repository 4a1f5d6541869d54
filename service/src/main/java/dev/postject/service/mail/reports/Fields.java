package dev.postject.service.mail.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * Header fields in order, as a header section or a report's field group holds them; names compare
 * without case. Values are unfolded, whitespace runs made one space, and cut at
 * {@link DeliveryReports#MAX_TEXT} characters.
 */
record Fields(List<Field> list) {
    record Field(String name, String value) {}

    static final Fields NONE = new Fields(List.of());

    /** RFC 5322 field names: printable ASCII but the colon. */
    private static final Pattern FIELD_NAME = Pattern.compile("[!-9;-~]+");

    Fields {
        list = List.copyOf(list);
    }

    /** The first value of the field {@code name}, or null. */
    String first(String name) {
        for (Field field : list) {
            if (field.name().equalsIgnoreCase(name)) {
                return field.value().isEmpty() ? null : field.value();
            }
        }
        return null;
    }

    /** Every non-empty value of the field {@code name}, in order. */
    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (Field field : list) {
            if (field.name().equalsIgnoreCase(name) && !field.value().isEmpty()) {
                values.add(field.value());
            }
        }
        return values;
    }

    boolean has(String name) {
        return first(name) != null;
    }

    /** Whether there is a field {@code name}, even an empty one. */
    boolean named(String name) {
        return list.stream().anyMatch(field -> field.name().equalsIgnoreCase(name));
    }

    /** The first value of {@code name} with RFC 2047 encoded words ({@code =?UTF-8?Q?...?=}) decoded. */
    String decoded(String name) {
        String value = first(name);
        if (value == null || !value.contains("=?")) {
            return value;
        }
        try {
            return clean(DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT));
        } catch (IllegalArgumentException malformed) {
            return value;
        }
    }

    /**
     * The field groups of a text made of header-like fields separated by empty lines: the body of a
     * {@code message/delivery-status} or {@code message/feedback-report} part, or a header section
     * (one group). Lines that are not fields are skipped; at most {@code maxGroups} groups.
     */
    static List<Fields> groups(String text, int maxGroups) {
        List<Fields> groups = new ArrayList<>();
        List<Field> current = new ArrayList<>();
        StringBuilder name = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            boolean folded = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (folded && !line.isBlank()) {
                if (name != null && value.length() < DeliveryReports.MAX_TEXT) {
                    value.append(' ').append(line.strip());
                }
                continue;
            }
            if (name != null) {
                current.add(new Field(name.toString(), clean(value.toString())));
                name = null;
            }
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    groups.add(new Fields(current));
                    current = new ArrayList<>();
                    if (groups.size() == maxGroups) {
                        return groups;
                    }
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0
                    && colon <= 76
                    && FIELD_NAME.matcher(line.substring(0, colon).strip()).matches()) {
                name = new StringBuilder(line.substring(0, colon).strip());
                value = new StringBuilder(line.substring(colon + 1));
            }
        }
        if (name != null) {
            current.add(new Field(name.toString(), clean(value.toString())));
        }
        if (!current.isEmpty()) {
            groups.add(new Fields(current));
        }
        return groups;
    }

    /** A header section: the lines before the first empty line of {@code text}, as one group. */
    static Fields headerSection(String text) {
        List<Fields> groups = groups(leadingHeader(text), 1);
        return groups.isEmpty() ? NONE : groups.get(0);
    }

    private static String leadingHeader(String text) {
        String start = text.stripLeading();
        int end = start.indexOf("\n\n");
        int crlf = start.indexOf("\r\n\r\n");
        if (crlf >= 0 && (end < 0 || crlf < end)) {
            end = crlf;
        }
        return end < 0 ? start : start.substring(0, end);
    }

    /** A value unfolded, its whitespace made single spaces, and bounded. */
    static String clean(String value) {
        String one = value.replaceAll("\\s+", " ").strip();
        return one.length() > DeliveryReports.MAX_TEXT ? one.substring(0, DeliveryReports.MAX_TEXT) : one;
    }
}
