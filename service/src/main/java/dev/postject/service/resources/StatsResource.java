package dev.postject.service.resources;

import dev.postject.projections.stats.RatesView;
import dev.postject.projections.stats.StatsQueries;
import dev.postject.service.auth.Caller;
import dev.postject.service.resources.api.StatsRange;
import dev.postject.service.resources.api.StatsResponse;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;

/** The account's sending stats over time, and its bounce and complaint rates (API key or dashboard token). */
@Path("/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
public final class StatsResource {
    private final StatsQueries queries;
    private final int minimumSends;
    private final Clock clock;

    public StatsResource(StatsQueries queries, int minimumSends, Clock clock) {
        this.queries = queries;
        this.minimumSends = minimumSends;
        this.clock = clock;
    }

    @GET
    public StatsResponse stats(
            @Auth Caller caller,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("interval") String interval,
            @QueryParam("tag") String tag) {
        StatsRange range = StatsRange.parse(interval, from, to, tag, clock.instant());
        String account = caller.account().value();
        return StatsResponse.of(
                range,
                queries.buckets(account, range.interval(), range.from(), range.to(), range.tag()),
                queries.rates(account).orElse(RatesView.NONE),
                minimumSends);
    }
}
