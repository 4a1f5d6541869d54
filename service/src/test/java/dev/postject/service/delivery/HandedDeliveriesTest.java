package dev.postject.service.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.service.app.MutableClock;
import dev.postject.service.sending.DeliveryHandoff;
import dev.postject.service.sending.DeliveryHandoff.Handed;
import dev.postject.service.sending.DeliveryHandoff.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What acceptance may hand this node's workers, and what they take: bounded, in order, never lost. */
class HandedDeliveriesTest {
    private static final int MAX = 8;

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger workerWakeUps = new AtomicInteger();
    private final AtomicInteger queueWakeUps = new AtomicInteger();
    private final HandedDeliveries handed = new HandedDeliveries(
            () -> "node-1", clock, MAX, workerWakeUps::incrementAndGet, queueWakeUps::incrementAndGet);

    @BeforeEach
    void start() {
        handed.start();
    }

    private static List<Handed> deliveries(int from, int count, int bytes) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> new Handed(
                        i, "msg_" + i, "acc_1", i + "@example.net", Instant.EPOCH, "a@example.com", new byte[bytes]))
                .toList();
    }

    private static List<Long> ids(List<DeliveryQueue.Lease> leases) {
        return leases.stream().map(DeliveryQueue.Lease::id).toList();
    }

    @Test
    void aReservation_leasesTheRowsToThisNode_forTheQueuesLease_andHandsThemToTheWorkers_inOrder() {
        Instant before = clock.instant();
        Reservation room = handed.reserve(3, 30).orElseThrow();
        assertThat(room.nodeId()).isEqualTo("node-1");
        assertThat(room.leasedUntil())
                .isBetween(before.plus(DeliveryQueue.LEASE), clock.instant().plus(DeliveryQueue.LEASE));
        assertThat(handed.take(10).fresh()).isEmpty(); // not committed yet: nothing to take

        room.hand(deliveries(1, 3, 10));

        assertThat(workerWakeUps).hasValue(1);
        assertThat(ids(handed.take(2).fresh())).containsExactly(1L, 2L);
        HandedDeliveries.Taken rest = handed.take(10);
        assertThat(ids(rest.fresh())).containsExactly(3L);
        assertThat(rest.fresh().get(0).attempts()).isZero();
        assertThat(rest.fresh().get(0).mime()).hasSize(10);
        assertThat(handed.take(10).fresh()).isEmpty();
    }

    @Test
    void pastItsBound_inDeliveriesOrInBytes_thereIsNoRoom_untilTheWorkersTakeSomeOrACancelFreesIt() {
        Reservation five = handed.reserve(5, 100).orElseThrow();
        assertThat(handed.reserve(4, 100)).isEmpty(); // 9 deliveries: over the bound of 8
        assertThat(handed.reserve(1, HandedDeliveries.MAX_BYTES)).isEmpty(); // over the bytes
        Reservation three = handed.reserve(3, 100).orElseThrow();
        assertThat(handed.reserve(1, 1)).isEmpty();

        three.cancel();
        three.cancel(); // settled once: the room is not freed twice
        assertThat(handed.reserve(4, 1)).isEmpty();
        five.hand(deliveries(1, 5, 20)); // held now, counted as such
        assertThat(handed.reserve(4, 1)).isEmpty();
        Reservation fits = handed.reserve(3, 1).orElseThrow();
        fits.cancel();

        handed.take(2);

        assertThat(handed.reserve(5, 1)).isPresent();
    }

    @Test
    void aDeliveryHeldUntilHalfItsLeaseIsGone_isNotSentFromMemory_butHandedBack() {
        handed.reserve(1, 1).orElseThrow().hand(deliveries(1, 1, 1));
        clock.advance(DeliveryQueue.LEASE.dividedBy(2).plusSeconds(1));
        handed.reserve(1, 1).orElseThrow().hand(deliveries(2, 1, 1));

        HandedDeliveries.Taken taken = handed.take(10);

        assertThat(ids(taken.stale())).containsExactly(1L);
        assertThat(ids(taken.fresh())).containsExactly(2L);
    }

    @Test
    void leasesGivenBack_areTakenFirst_inTheirOrder() {
        handed.reserve(2, 2).orElseThrow().hand(deliveries(1, 2, 1));
        List<DeliveryQueue.Lease> round = handed.take(2).fresh();
        handed.reserve(1, 1).orElseThrow().hand(deliveries(3, 1, 1));
        int wakeUps = workerWakeUps.get();

        handed.giveBack(round);

        assertThat(workerWakeUps).hasValue(wakeUps + 1);
        assertThat(ids(handed.take(10).fresh())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aLeaseGivenBack_keepsTheTimeItIsLeasedUntil() {
        handed.reserve(1, 1).orElseThrow().hand(deliveries(1, 1, 1));
        List<DeliveryQueue.Lease> round = handed.take(1).fresh();
        clock.advance(DeliveryQueue.LEASE.dividedBy(2).plusSeconds(1));

        handed.giveBack(round);

        assertThat(ids(handed.take(10).stale())).containsExactly(1L);
    }

    @Test
    void stopping_refusesNewRoom_andWaitsForTheOpenReservations_toBeHandedOver() throws Exception {
        Reservation open = handed.reserve(1, 1).orElseThrow();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                handed.stop(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !stopped.isDone());
        assertThat(handed.reserve(1, 1)).isEmpty();

        open.hand(deliveries(1, 1, 1)); // its transaction committed: the row is leased to this node

        stopped.get(5, TimeUnit.SECONDS);
        assertThat(ids(handed.take(10).fresh())).containsExactly(1L);
    }

    @Test
    void unleasedRowsCommitted_wakeAWorkerToLeaseFromTheQueue() {
        DeliveryHandoff handoff = handed;

        handoff.queued();

        assertThat(queueWakeUps).hasValue(1);
        assertThat(workerWakeUps).hasValue(0);
    }
}
