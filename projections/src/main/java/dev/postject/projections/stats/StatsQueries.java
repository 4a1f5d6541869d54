package dev.postject.projections.stats;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** An account's sending stats: its non-empty buckets of a range, all tags or one, and its recent rates. */
public interface StatsQueries {
    String SUMS = "sum(sent) AS sent, sum(delivered) AS delivered, sum(deferred) AS deferred,"
            + " sum(bounced_hard) AS bounced_hard, sum(bounced_soft) AS bounced_soft,"
            + " sum(bounced_block) AS bounced_block, sum(bounced_undetermined) AS bounced_undetermined,"
            + " sum(complained) AS complained, sum(opened) AS opened, sum(clicked) AS clicked";

    /**
     * The buckets (UTC hours or days, {@code unit} {@code hour} or {@code day}) holding counts
     * from {@code from} (inclusive) to {@code to} (exclusive), in order; {@code tag} null for all
     * tags together, {@code ""} for untagged mail.
     */
    @SqlQuery("SELECT date_trunc(:unit, hour, 'UTC') AS start, " + SUMS + " FROM rm_stats_hourly"
            + " WHERE account_id = :accountId AND hour >= :from AND hour < :to"
            + " AND (cast(:tag AS TEXT) IS NULL OR tag = :tag) GROUP BY 1 ORDER BY 1")
    @RegisterConstructorMapper(StatsBucketView.class)
    List<StatsBucketView> buckets(
            @Bind("accountId") String accountId,
            @Bind("unit") String unit,
            @Bind("from") Instant from,
            @Bind("to") Instant to,
            @Bind("tag") String tag);

    @SqlQuery("SELECT cast(least(sends, " + Reputation.WINDOW + ") AS INT) AS sends, bounces, complaints"
            + " FROM rm_stats_reputation WHERE account_id = :accountId")
    @RegisterConstructorMapper(RatesView.class)
    Optional<RatesView> rates(@Bind("accountId") String accountId);
}
