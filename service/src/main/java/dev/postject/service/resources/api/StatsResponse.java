package dev.postject.service.resources.api;

import dev.postject.projections.stats.RatesView;
import dev.postject.projections.stats.Reputation;
import dev.postject.projections.stats.StatsBucketView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code GET /v1/stats}: the range's buckets in order (empty ones as zeros), and the account's recent rates. */
public record StatsResponse(
        String interval, String timezone, Instant from, Instant to, String tag, List<Bucket> buckets, Rates rates) {

    public record Bucket(
            Instant start,
            long sent,
            long delivered,
            long deferred,
            Bounced bounced,
            long complained,
            long opened,
            long clicked) {}

    /** Bounces by type; {@code total} is their sum. */
    public record Bounced(long hard, long soft, long block, long undetermined, long total) {}

    /**
     * Over the account's last sends (at most 1,000): hard bounces and complaints as fractions; at
     * risk when one reaches its threshold over at least {@code minimumSends} sends.
     */
    public record Rates(
            int sends,
            double bounceRate,
            double complaintRate,
            Thresholds thresholds,
            int minimumSends,
            boolean bounceAtRisk,
            boolean complaintAtRisk) {}

    public record Thresholds(double bounceRate, double complaintRate) {}

    public static StatsResponse of(StatsRange range, List<StatsBucketView> counted, RatesView rates, int minimumSends) {
        Map<Instant, StatsBucketView> byStart =
                counted.stream().collect(Collectors.toMap(StatsBucketView::start, Function.identity()));
        List<Bucket> buckets = range.starts().stream()
                .map(start -> bucket(byStart.getOrDefault(start, StatsBucketView.empty(start))))
                .toList();
        boolean judged = rates.sends() >= minimumSends;
        return new StatsResponse(
                range.interval(),
                "UTC",
                range.from(),
                range.to(),
                range.tag(),
                buckets,
                new Rates(
                        rates.sends(),
                        rates.bounceRate(),
                        rates.complaintRate(),
                        new Thresholds(Reputation.BOUNCE_THRESHOLD, Reputation.COMPLAINT_THRESHOLD),
                        minimumSends,
                        judged && rates.bounceRate() >= Reputation.BOUNCE_THRESHOLD,
                        judged && rates.complaintRate() >= Reputation.COMPLAINT_THRESHOLD));
    }

    private static Bucket bucket(StatsBucketView v) {
        return new Bucket(
                v.start(),
                v.sent(),
                v.delivered(),
                v.deferred(),
                new Bounced(
                        v.bouncedHard(),
                        v.bouncedSoft(),
                        v.bouncedBlock(),
                        v.bouncedUndetermined(),
                        v.bouncedHard() + v.bouncedSoft() + v.bouncedBlock() + v.bouncedUndetermined()),
                v.complained(),
                v.opened(),
                v.clicked());
    }
}
