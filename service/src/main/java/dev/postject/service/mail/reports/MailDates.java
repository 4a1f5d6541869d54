package dev.postject.service.mail.reports;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as mail servers write them (RFC 5322 section 3.3 and its obsolete forms): an optional
 * day name, one- or two-digit day, seconds optional, a numeric zone or a named one ({@code GMT},
 * {@code EST}), a trailing comment ({@code (UTC)}), extra spaces. ISO 8601 too, as some reports use it.
 */
final class MailDates {
    private static final DateTimeFormatter RFC_5322 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("d MMM ")
            .appendValue(ChronoField.YEAR, 4)
            .appendPattern(" H:mm[:ss] xx")
            .toFormatter(Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.STRICT); // 31 Feb is no date, not 28 Feb

    private static final Pattern DAY_NAME = Pattern.compile("^[A-Za-z]{3,9},?\\s*");
    private static final Pattern COMMENT = Pattern.compile("\\([^()]{0,200}\\)");
    private static final Pattern NAMED_ZONE = Pattern.compile("\\s([A-Za-z]{1,5})$");
    private static final Map<String, String> ZONES = Map.ofEntries(
            Map.entry("UT", "+0000"),
            Map.entry("UTC", "+0000"),
            Map.entry("GMT", "+0000"),
            Map.entry("Z", "+0000"),
            Map.entry("EST", "-0500"),
            Map.entry("EDT", "-0400"),
            Map.entry("CST", "-0600"),
            Map.entry("CDT", "-0500"),
            Map.entry("MST", "-0700"),
            Map.entry("MDT", "-0600"),
            Map.entry("PST", "-0800"),
            Map.entry("PDT", "-0700"));

    private MailDates() {}

    /** The instant a date field names, or null when it names none this can read. */
    static Instant parse(String field) {
        if (field == null || field.length() > 200) {
            return null;
        }
        String date =
                COMMENT.matcher(field).replaceAll(" ").replaceAll("\\s+", " ").strip();
        try {
            return OffsetDateTime.parse(date).toInstant();
        } catch (DateTimeParseException notIso) {
            // the usual case: RFC 5322
        }
        date = DAY_NAME.matcher(date).replaceFirst("");
        Matcher zone = NAMED_ZONE.matcher(date);
        if (zone.find()) {
            String offset = ZONES.get(zone.group(1).toUpperCase(Locale.ROOT));
            date = date.substring(0, zone.start()) + " " + (offset == null ? "+0000" : offset);
        }
        try {
            return OffsetDateTime.parse(date, RFC_5322).toInstant();
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
