package dev.postject.service.resources.api;

import dev.postject.service.platform.errors.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The range of {@code GET /v1/stats}: buckets of one UTC hour or day, from the one {@code from}
 * falls in to the last that starts before {@code to}. Defaults: the current hour and the 23 before
 * it, or today and the 6 days before (UTC). At most 31 days of hours, 400 days of days.
 *
 * @param tag one tag's series, or null for all tags together
 */
public record StatsRange(String interval, Instant from, Instant to, String tag) {
    public static final String HOUR = "hour";
    public static final String DAY = "day";
    public static final int MAX_TAG_LENGTH = 256;
    static final Duration MAX_HOURS = Duration.ofDays(31);
    static final Duration MAX_DAYS = Duration.ofDays(400);

    /** The range the query asks for, or a 422 naming the parameter at fault. */
    public static StatsRange parse(String interval, String from, String to, String tag, Instant now) {
        String unit = interval == null || interval.isEmpty() ? DAY : interval;
        if (!unit.equals(HOUR) && !unit.equals(DAY)) {
            throw new Refusal.Invalid("invalid_interval", "interval must be hour or day.", "interval");
        }
        ChronoUnit bucket = unit.equals(HOUR) ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        Instant end = to == null || to.isEmpty() ? now.truncatedTo(bucket).plus(1, bucket) : instant(to, "to");
        Instant start = from == null || from.isEmpty()
                ? end.truncatedTo(bucket).minus(unit.equals(HOUR) ? 24 : 7, bucket)
                : instant(from, "from");
        if (!start.isBefore(end)) {
            throw new Refusal.Invalid("invalid_range", "from must be before to.", "from");
        }
        start = start.truncatedTo(bucket);
        Duration longest = unit.equals(HOUR) ? MAX_HOURS : MAX_DAYS;
        if (Duration.between(start, end).compareTo(longest) > 0) {
            throw new Refusal.Invalid(
                    "range_too_long",
                    "A range of " + unit + "s may span at most " + longest.toDays() + " days.",
                    "from");
        }
        String wanted = tag == null || tag.isEmpty() ? null : tag;
        if (wanted != null && wanted.length() > MAX_TAG_LENGTH) {
            throw new Refusal.Invalid("tag_too_long", "tag may hold at most " + MAX_TAG_LENGTH + " characters.", "tag");
        }
        return new StatsRange(unit, start, end, wanted);
    }

    /** Where each bucket starts, in order (the first at {@code from}, already a bucket's start). */
    public List<Instant> starts() {
        ChronoUnit bucket = interval.equals(HOUR) ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        List<Instant> starts = new ArrayList<>();
        for (Instant at = from; at.isBefore(to); at = at.plus(1, bucket)) {
            starts.add(at);
        }
        return starts;
    }

    /** An ISO-8601 instant ({@code 2026-12-01T00:00:00Z}, or with an offset). */
    private static Instant instant(String value, String field) {
        try {
            return value.endsWith("Z") || value.endsWith("z")
                    ? Instant.parse(value.toUpperCase(java.util.Locale.ROOT))
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new Refusal.Invalid(
                    "invalid_instant", field + " must be an ISO-8601 instant such as 2026-12-01T00:00:00Z.", field);
        }
    }
}
