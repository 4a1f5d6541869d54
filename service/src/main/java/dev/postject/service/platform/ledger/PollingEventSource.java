package dev.postject.service.platform.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The ledger as a stream for the streaming processors, read from the event table at most once per
 * {@code interval} while they are caught up, in batches while they are behind.
 *
 * <p>Axon's embedded event store wakes its reader on every commit, so under load it queried the
 * event table (and its gaps) about once per event appended, for a projection that keeps only
 * account events. Polling bounds that to a few queries a second at the price of up to
 * {@code interval} of extra lag.
 */
final class PollingEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {
    private final EventStorageEngine storage;
    private final long intervalNanos;

    PollingEventSource(EventStorageEngine storage, Duration interval) {
        this.storage = storage;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        return new Polling(token);
    }

    @Override
    public TrackingToken createTailToken() {
        return storage.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return storage.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant at) {
        return storage.createTokenAt(at);
    }

    private final class Polling implements BlockingStream<TrackedEventMessage<?>> {
        private TrackingToken last;
        private Stream<? extends TrackedEventMessage<?>> reading;
        private Iterator<? extends TrackedEventMessage<?>> events = Collections.emptyIterator();
        private TrackedEventMessage<?> next;
        private long nextReadAt = System.nanoTime();

        Polling(TrackingToken from) {
            this.last = from;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(fill() ? next : null);
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (!fill()) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(deadline, nextReadAt) - now));
            }
            return true;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(1, TimeUnit.SECONDS)) {
                // caught up: wait for the ledger to grow
            }
            TrackedEventMessage<?> event = next;
            next = null;
            last = event.trackingToken();
            return event;
        }

        /** True when an event is ready; reads on from the last token once the interval has passed. */
        private boolean fill() {
            if (next != null) {
                return true;
            }
            if (!events.hasNext() && System.nanoTime() - nextReadAt >= 0) {
                closeReading();
                nextReadAt = System.nanoTime() + intervalNanos;
                reading = storage.readEvents(last, false);
                events = reading.iterator();
            }
            if (events.hasNext()) {
                next = events.next();
                return true;
            }
            return false;
        }

        private void closeReading() {
            if (reading != null) {
                reading.close();
                reading = null;
            }
        }

        @Override
        public void close() {
            closeReading();
            events = Collections.emptyIterator();
        }
    }
}
