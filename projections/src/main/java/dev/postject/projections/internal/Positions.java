package dev.postject.projections.internal;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes a read-your-writes projection idempotent: for each aggregate (an account, an email),
 * the sequence number of the last of its events the projection applied, in {@code rm_positions}.
 * An event at or below it was applied already (delivered twice, late, or again by a replay over a
 * model that was not reset) and is skipped as a whole, so no write of a projection has to be safe
 * to repeat or to see out of order: counters, "last value" updates and deletes all are.
 *
 * <p>The position is read before the write and recorded after it, never taken first: a replay
 * holds its model's tables locked while its reset deletes the model's positions, so a writer must
 * meet that lock before it holds a position row, or the two would wait for each other.
 */
public final class Positions {
    private static final Logger LOG = LoggerFactory.getLogger(Positions.class);

    private final Jdbi jdbi;
    private final String projection;

    /** The positions of the projection of this processing group. */
    public Positions(Jdbi jdbi, String projection) {
        this.jdbi = jdbi;
        this.projection = projection;
    }

    /**
     * Runs {@code write} on one handle, then records {@code event}'s position; unless the
     * projection applied this event already, when it does nothing. {@code write} must run at
     * least one statement on the projection's tables.
     */
    public void applyOnce(EventMessage<?> event, HandleConsumer<RuntimeException> write) {
        if (!(event instanceof DomainEventMessage<?> applied)) {
            throw new IllegalArgumentException("The " + projection + " projection applies events of aggregates,"
                    + " not a bare " + event.getPayloadType().getSimpleName());
        }
        String aggregate = applied.getAggregateIdentifier();
        long sequence = applied.getSequenceNumber();
        jdbi.useHandle(h -> {
            boolean seen = h.createQuery("SELECT EXISTS (SELECT 1 FROM rm_positions WHERE projection = :projection"
                            + " AND aggregate_id = :aggregate AND sequence_number >= :sequence)")
                    .bind("projection", projection)
                    .bind("aggregate", aggregate)
                    .bind("sequence", sequence)
                    .mapTo(Boolean.class)
                    .one();
            if (seen) {
                LOG.debug(
                        "The {} projection skips {} #{} of {}: applied already",
                        projection,
                        event.getPayloadType().getSimpleName(),
                        sequence,
                        aggregate);
                return;
            }
            write.useHandle(h);
            h.createUpdate("INSERT INTO rm_positions (projection, aggregate_id, sequence_number)"
                            + " VALUES (:projection, :aggregate, :sequence) ON CONFLICT (projection, aggregate_id)"
                            + " DO UPDATE SET sequence_number = greatest(rm_positions.sequence_number,"
                            + " EXCLUDED.sequence_number)")
                    .bind("projection", projection)
                    .bind("aggregate", aggregate)
                    .bind("sequence", sequence)
                    .execute();
        });
    }

    /** Forgets every position of the projection: part of its reset, with its tables. */
    public void reset(Handle handle) {
        handle.execute("DELETE FROM rm_positions WHERE projection = ?", projection);
    }
}
