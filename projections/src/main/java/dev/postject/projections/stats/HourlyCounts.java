package dev.postject.projections.stats;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The increments of {@code rm_stats_hourly} a batch of events makes, summed per account, hour,
 * tag and counter, and written in one upsert just before the batch's transaction commits (with the
 * processor's token, and the positions its events moved). Outside a unit of work (a test handing
 * events over one by one) each increment is written at once.
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

    private static final String RESOURCE = HourlyCounts.class.getName();
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

    private record Key(String accountId, Instant hour, String tag) {}

    private final Map<Key, long[]> increments = new LinkedHashMap<>();

    private HourlyCounts() {}

    /** Adds {@code by} to the counter of the hour {@code at} falls in. */
    static void add(Jdbi jdbi, String accountId, String tag, String counter, int by, Instant at) {
        int column = COUNTERS.indexOf(counter);
        if (column < 0) {
            throw new IllegalArgumentException("No counter " + counter);
        }
        HourlyCounts counts;
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
            counts = batch.getOrComputeResource(RESOURCE, key -> {
                HourlyCounts fresh = new HourlyCounts();
                batch.onPrepareCommit(u -> jdbi.useHandle(fresh::write));
                return fresh;
            });
        } else {
            counts = new HourlyCounts();
        }
        counts.increments
                .computeIfAbsent(
                        new Key(accountId, at.truncatedTo(ChronoUnit.HOURS), tag), key -> new long[COUNTERS.size()])[
                column] += by;
        if (!CurrentUnitOfWork.isStarted()) {
            jdbi.useHandle(counts::write);
        }
    }

    /** One statement for all the increments, rows in a fixed order (the batch's own, as they came). */
    private void write(Handle h) {
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
                .bindArray("accounts", String.class, accounts)
                .bindArray("hours", String.class, hours)
                .bindArray("tags", String.class, tags);
        for (int i = 0; i < COUNTERS.size(); i++) {
            update.bindArray(COUNTERS.get(i), Long.class, columns.get(i));
        }
        update.execute();
        increments.clear();
    }
}
