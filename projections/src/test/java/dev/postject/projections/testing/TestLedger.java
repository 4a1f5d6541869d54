package dev.postject.projections.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.events.AccountEvent;
import dev.postject.events.EmailEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jdbi.v3.core.Jdbi;

/**
 * A ledger for projection tests: appends events as the aggregates do (each a domain event of its
 * account or email, numbered in that aggregate's order and in the ledger's), hands each to the
 * projections, and keeps them for replays. An in-transaction projection is handed each event as
 * the subscribing processor hands it over; a streaming one, and every replay, as read back from the
 * event store, with its tracking token.
 */
public final class TestLedger {
    private final Jdbi jdbi;
    private final boolean streaming;
    private final List<AnnotationEventHandlerAdapter> projections = new ArrayList<>();
    private final List<TrackedEventMessage<?>> events = new ArrayList<>();
    private final Map<String, Long> sequences = new HashMap<>();

    private TestLedger(Jdbi jdbi, boolean streaming, Object... projections) {
        this.jdbi = jdbi;
        this.streaming = streaming;
        for (Object projection : projections) {
            this.projections.add(new AnnotationEventHandlerAdapter(projection));
        }
    }

    /** For read-your-writes projections, run in the transaction of the event append. */
    public static TestLedger inTransaction(Jdbi jdbi, Object... projections) {
        return new TestLedger(jdbi, false, projections);
    }

    /** For projections fed by a streaming processor (the audit log). */
    public static TestLedger streaming(Jdbi jdbi, Object... projections) {
        return new TestLedger(jdbi, true, projections);
    }

    /** Appends these events, in order, and hands each to the projections. */
    public void append(Object... payloads) {
        appendWith(MetaData.emptyInstance(), payloads);
    }

    /** Appends these events with this metadata (e.g. the actor that caused them), as {@link #append} does. */
    public void appendWith(Map<String, ?> metadata, Object... payloads) {
        for (Object payload : payloads) {
            DomainEventMessage<?> event = event(payload, metadata);
            TrackedEventMessage<?> stored = store(event);
            deliver(streaming ? stored : event);
        }
    }

    /**
     * Appends these events and hands them to the projections in one batch, as a streaming
     * processor does: one unit of work, which what a projection defers to the batch's commit is
     * written at.
     */
    public void appendInOneBatch(Object... payloads) {
        List<TrackedEventMessage<?>> batch = new ArrayList<>();
        for (Object payload : payloads) {
            batch.add(store(event(payload, MetaData.emptyInstance())));
        }
        deliverInOneBatch(batch);
    }

    /** Hands these events to the projections (again) in one batch, as {@link #appendInOneBatch} does. */
    public void deliverInOneBatch(List<TrackedEventMessage<?>> batch) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(batch.get(0));
        try {
            batch.forEach(this::deliver);
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        }
        unitOfWork.commit();
    }

    /** The event as its aggregate appends it: numbered in that aggregate's order. */
    private DomainEventMessage<?> event(Object payload, Map<String, ?> metadata) {
        String aggregate = aggregateOf(payload);
        long sequence = sequences.merge(aggregate, 0L, (last, ignored) -> last + 1);
        return new GenericDomainEventMessage<>(
                payload instanceof EmailEvent ? "Email" : "Account",
                aggregate,
                sequence,
                payload,
                MetaData.from(metadata));
    }

    /** The event as the event store holds it, numbered in the ledger's order. */
    private TrackedEventMessage<?> store(DomainEventMessage<?> event) {
        TrackedEventMessage<?> stored =
                new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(events.size()), event);
        events.add(stored);
        return stored;
    }

    /** Every event appended so far, as the event store holds them. */
    public List<TrackedEventMessage<?>> events() {
        return List.copyOf(events);
    }

    /** Hands an event to the projections (again), as a redelivery would. */
    public void deliver(EventMessage<?> event) {
        for (AnnotationEventHandlerAdapter projection : projections) {
            if (projection.canHandle(event)) {
                try {
                    projection.handle(event);
                } catch (Exception e) {
                    throw new IllegalStateException(
                            "Handling " + event.getPayloadType().getSimpleName(), e);
                }
            }
        }
    }

    /** A replay: the projections reset, then every event again, as the ledger's replay does. */
    public void replay() {
        projections.forEach(AnnotationEventHandlerAdapter::prepareReset);
        events.forEach(this::deliver);
    }

    /**
     * Asserts that the tables hold exactly what they hold now after each way a projection may see
     * its events again: all of them delivered again over the model, in order and in reverse order
     * (each one late, after every later one: no write may depend on seeing events in order), a reset
     * and replay, and each event delivered twice in a row (a retried command).
     */
    public void assertReplaysLeaveTheTablesAsTheyAre() {
        assertThat(events).as("a history to replay").isNotEmpty();
        Map<String, List<String>> before = Tables.snapshot(jdbi);

        events.forEach(this::deliver);
        assertThat(Tables.snapshot(jdbi)).as("after every event again").isEqualTo(before);

        for (int i = events.size() - 1; i >= 0; i--) {
            deliver(events.get(i));
        }
        assertThat(Tables.snapshot(jdbi))
                .as("after every event again, newest first")
                .isEqualTo(before);

        replay();
        assertThat(Tables.snapshot(jdbi)).as("after a reset and replay").isEqualTo(before);

        projections.forEach(AnnotationEventHandlerAdapter::prepareReset);
        for (TrackedEventMessage<?> event : events) {
            deliver(event);
            deliver(event);
        }
        assertThat(Tables.snapshot(jdbi)).as("after each event twice").isEqualTo(before);
    }

    private static String aggregateOf(Object payload) {
        if (payload instanceof AccountEvent e) {
            return e.accountId().value();
        }
        if (payload instanceof EmailEvent e) {
            return e.emailId().value();
        }
        throw new IllegalArgumentException("Not an event of an aggregate: " + payload);
    }
}
