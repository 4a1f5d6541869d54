package dev.postject.projections.stats;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

/** The counts of one hour or day (UTC), starting at {@code start}. */
public record StatsBucketView(
        Instant start,
        long sent,
        long delivered,
        long deferred,
        @ColumnName("bounced_hard") long bouncedHard,
        @ColumnName("bounced_soft") long bouncedSoft,
        @ColumnName("bounced_block") long bouncedBlock,
        @ColumnName("bounced_undetermined") long bouncedUndetermined,
        long complained,
        long opened,
        long clicked) {
    /** Nothing happened in the bucket. */
    public static StatsBucketView empty(Instant start) {
        return new StatsBucketView(start, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
