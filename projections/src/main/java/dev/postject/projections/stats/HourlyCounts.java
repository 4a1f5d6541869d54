package dev.postject.projections.stats;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The increments of {@code rm_stats_hourly} a batch of events makes ({@link StatsBatch}), summed
 * per account, hour, tag and counter, and written in one upsert.
 *
 * <p>An outcome that only counts ({@link #addPast}: delivered, deferred, opened...) is counted if
 * it comes after its email's position, and moves it: the batch's such events are judged in one
 * statement before the upsert, or before an event that moves a position at once
 * ({@link #moveNow}), so every event still sees the positions of those before it.
 */
final class HourlyCounts {
    /** The counters, in the order of their columns. */
    static final List<String> COUNTERS = List.of(
            "sent",
            "delivered",
            "deferred",
            "bounced_hard",
            "bounced_soft",
            "bounced_block",
            "bounced_undetermined",
            "complained",
            "opened",
            "clicked");

    private static final String UPSERT;

    static {
        String columns = String.join(", ", COUNTERS);
        StringBuilder arrays = new StringBuilder();
        StringBuilder sums = new StringBuilder();
        for (String counter : COUNTERS) {
            arrays.append(", :").append(counter);
            sums.append(sums.isEmpty() ? "" : ", ")
                    .append(counter)
                    .append(" = rm_stats_hourly.")
                    .append(counter)
                    .append(" + EXCLUDED.")
                    .append(counter);
        }
        UPSERT = "INSERT INTO rm_stats_hourly (account_id, hour, tag, " + columns + ")"
                + " SELECT * FROM unnest(:accounts, cast(:hours AS TIMESTAMPTZ[]), :tags" + arrays + ")"
                + " ON CONFLICT (account_id, hour, tag) DO UPDATE SET " + sums;
    }

    /** Moves the positions of a batch's emails and reads them as they were, in one statement. */
    private static final String MOVE_POSITIONS = "WITH events AS (SELECT email_id, max(seq) AS seq"
            + " FROM unnest(:ids, :seqs) AS e(email_id, seq) GROUP BY email_id),"
            + " moved AS (UPDATE rm_stats_emails s SET sequence_number = events.seq FROM events"
            + " WHERE s.email_id = events.email_id AND s.sequence_number < events.seq)"
            + " SELECT s.email_id, s.sequence_number, s.account_id, s.tag FROM rm_stats_emails s"
            + " JOIN events USING (email_id)";

    private record Key(String accountId, Instant hour, String tag) {}

    /** An outcome counted only if its email's position is before it. */
    private record Past(String emailId, long sequence, String counter, Instant at) {}

    /** An email's position, and what it is counted under. */
    record Position(long sequence, String accountId, String tag) {}

    private final Map<Key, long[]> increments = new LinkedHashMap<>();
    private final List<Past> pending = new ArrayList<>();

    /** Adds {@code by} to the counter of the hour {@code at} falls in. */
    void add(String accountId, String tag, String counter, int by, Instant at) {
        increments
                .computeIfAbsent(
                        new Key(accountId, at.truncatedTo(ChronoUnit.HOURS), tag), key -> new long[COUNTERS.size()])[
                column(counter)] += by;
    }

    /**
     * Adds one to {@code counter} of the email's account and tag, in the hour {@code at} falls in,
     * if the event at {@code sequence} comes after the email's position (which it moves); nothing
     * for an email not counted (Postject's own). Judged with the batch's others, when the batch
     * next reads a position.
     */
    void addPast(String emailId, long sequence, String counter, Instant at) {
        column(counter); // an unknown counter fails here, not at the batch's end
        pending.add(new Past(emailId, sequence, counter, at));
    }

    /**
     * Moves the email's position to the event at {@code sequence} now, the batch's pending outcomes
     * judged first (an event that reads or moves a position itself: a bounce, a complaint); the
     * email's account and tag when the event comes after its position, else empty (counted
     * already, or an email not counted).
     */
    Optional<Position> moveNow(Handle h, String emailId, long sequence) {
        judgePending(h);
        return Optional.ofNullable(
                        positionsBefore(h, List.of(emailId), List.of(sequence)).get(emailId))
                .filter(before -> sequence > before.sequence());
    }

    private static int column(String counter) {
        int column = COUNTERS.indexOf(counter);
        if (column < 0) {
            throw new IllegalArgumentException("No counter " + counter);
        }
        return column;
    }

    /** The pending outcomes' positions moved in one statement, each counted if it came after its email's. */
    private void judgePending(Handle h) {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Position> before = positionsBefore(
                h,
                pending.stream().map(Past::emailId).toList(),
                pending.stream().map(Past::sequence).toList());
        for (Past past : pending) {
            Position position = before.get(past.emailId());
            if (position != null && past.sequence() > position.sequence()) {
                add(position.accountId(), position.tag(), past.counter(), 1, past.at());
            }
        }
        pending.clear();
    }

    /** Moves each email's position to the latest of its events here; the positions as they were. */
    private static Map<String, Position> positionsBefore(Handle h, List<String> emailIds, List<Long> sequences) {
        Map<String, Position> before = new HashMap<>();
        h.createQuery(MOVE_POSITIONS)
                .bindArray("ids", String.class, emailIds.toArray(String[]::new))
                .bindArray("seqs", Long.class, sequences.toArray(Long[]::new))
                .map((rs, ctx) -> Map.entry(
                        rs.getString("email_id"),
                        new Position(rs.getLong("sequence_number"), rs.getString("account_id"), rs.getString("tag"))))
                .forEach(row -> before.put(row.getKey(), row.getValue()));
        return before;
    }

    /**
     * The pending outcomes judged, then one statement for all the increments, rows in a fixed order
     * (the batch's own, as they came).
     */
    void write(Handle h) {
        judgePending(h);
        if (increments.isEmpty()) {
            return;
        }
        List<String> accounts = new ArrayList<>();
        List<String> hours = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        List<List<Long>> columns = new ArrayList<>();
        COUNTERS.forEach(counter -> columns.add(new ArrayList<>()));
        increments.forEach((key, values) -> {
            accounts.add(key.accountId());
            hours.add(key.hour().toString());
            tags.add(key.tag());
            for (int i = 0; i < values.length; i++) {
                columns.get(i).add(values[i]);
            }
        });
        var update = h.createUpdate(UPSERT)
                .bindArray("accounts", String.class, accounts.toArray(String[]::new))
                .bindArray("hours", String.class, hours.toArray(String[]::new))
                .bindArray("tags", String.class, tags.toArray(String[]::new));
        for (int i = 0; i < COUNTERS.size(); i++) {
            update.bindArray(COUNTERS.get(i), Long.class, columns.get(i).toArray(Long[]::new));
        }
        update.execute();
        increments.clear();
    }
}
