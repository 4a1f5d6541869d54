package dev.postject.service.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.EventJson;
import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.platform.db.Transactions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An aggregate changed in a transaction stays the transaction's until it ends: another transaction
 * waits for it (and then sees only what was committed) in PostgreSQL, which also breaks a deadlock
 * between two of them. Against a real database, with the ledger's own Axon configuration.
 */
class AggregateLocksTest {
    private static Transactions transactions;
    private static Ledger ledger;

    record Open(@TargetAggregateIdentifier String id) {}

    record Add(@TargetAggregateIdentifier String id) {}

    record Create(@TargetAggregateIdentifier String id) implements CreatesAggregate {}

    record Opened(String id) {}

    record Added(String id, int count) {}

    /** A count, in the ledger: each {@link Add} answers the count it made. */
    static final class Tally {
        @AggregateIdentifier
        private String id;

        private int count;

        Tally() {}

        @CommandHandler
        Tally(Open command) {
            apply(new Opened(command.id()));
        }

        @CommandHandler
        Tally(Create command) {
            apply(new Opened(command.id()));
        }

        @CommandHandler
        int handle(Add command) {
            int next = count + 1;
            apply(new Added(id, next));
            return next;
        }

        @EventSourcingHandler
        void on(Opened event) {
            id = event.id();
        }

        @EventSourcingHandler
        void on(Added event) {
            count = event.count();
        }
    }

    @BeforeAll
    static void ledger() {
        transactions = new Transactions(TestPostgres.newDataSource());
        ledger = new Ledger(
                transactions,
                Jdbi.create(transactions),
                EventJson.newMapper(),
                Clock.systemUTC(),
                List.of(Tally.class),
                List.of(),
                () -> {});
        ledger.start();
    }

    @AfterAll
    static void stop() {
        ledger.stop();
    }

    private static String open(String id) {
        ledger.commands().sendAndWait(new Open(id));
        return id;
    }

    private static int add(String id) {
        return ledger.commands().<Integer>sendAndWait(new Add(id));
    }

    private static <T> CompletableFuture<T> inAnotherTransaction(Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> transactions.inTransaction(work));
    }

    @Test
    void aCommandThatCreatesItsAggregateUnderANewId_takesNoLock_theNextCommandOnItDoes() {
        transactions.inTransaction(() -> {
            open("tally-opened");
            assertThat(advisoryLocksHeld()).as("Open is not a CreatesAggregate").isEqualTo(1);
            return null;
        });
        transactions.inTransaction(() -> {
            ledger.commands().sendAndWait(new Create("tally-created"));
            assertThat(advisoryLocksHeld()).isZero();
            assertThat(add("tally-created")).isEqualTo(1);
            assertThat(advisoryLocksHeld()).isEqualTo(1);
            return null;
        });
        assertThat(ledger.history("tally-created"))
                .extracting(DomainEventMessage::getSequenceNumber)
                .containsExactly(0L, 1L);
    }

    @Test
    void lockAll_holdsEveryAggregateItNames_untilItsTransactionEnds() throws Exception {
        String first = open("tally-all-first");
        String second = open("tally-all-second");
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> holder = inAnotherTransaction(() -> {
            AggregateLocks.lockAll(transactions, List.of(first, second));
            int held = advisoryLocksHeld();
            locked.countDown();
            await(release);
            return held;
        });
        await(locked);

        CompletableFuture<Integer> other = inAnotherTransaction(() -> add(second));
        assertWaiting(other, "waits for the transaction that locked both");
        release.countDown();

        assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    }

    /** Still not done after half a second: waiting for a lock. */
    private static void assertWaiting(CompletableFuture<?> command, String why) {
        assertThat(command).as(why).failsWithin(500, TimeUnit.MILLISECONDS).withThrowableOfType(TimeoutException.class);
    }

    private static int advisoryLocksHeld() {
        return Jdbi.create(transactions)
                .withHandle(h -> h.createQuery(
                                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
                        .mapTo(Integer.class)
                        .one());
    }

    @Test
    void aCommandOnAnAggregateAnOpenTransactionChanged_waitsForIt_andSeesNothingItRolledBack() throws Exception {
        String tally = open("tally-rolled-back");
        CountDownLatch changed = new CountDownLatch(1);
        CountDownLatch otherWaiting = new CountDownLatch(1);
        CompletableFuture<Void> first = inAnotherTransaction(() -> {
            add(tally);
            changed.countDown();
            await(otherWaiting);
            throw new IllegalStateException("rolled back");
        });
        await(changed);

        CompletableFuture<Integer> second = inAnotherTransaction(() -> add(tally));
        assertWaiting(second, "waits while the first transaction holds the tally");
        otherWaiting.countDown();

        assertThat(second.get(10, TimeUnit.SECONDS))
                .as("the rolled-back add is not counted")
                .isEqualTo(1);
        assertThat(first).failsWithin(10, TimeUnit.SECONDS);
        assertThat(ledger.history(tally))
                .extracting(DomainEventMessage::getSequenceNumber)
                .containsExactly(0L, 1L);
    }

    /**
     * A delivery worker's round: two outcomes of one email in one transaction, while another worker
     * records a third. With Axon's own lock (freed when the first command ended) the other took it
     * and waited in the database for the round, which then waited for that lock: neither ended.
     */
    @Test
    void aTransactionChangingAnAggregateTwice_whileAnotherWaitsForIt_commits_andTheOtherFollows() throws Exception {
        String tally = open("tally-twice");
        CountDownLatch changed = new CountDownLatch(1);
        CountDownLatch otherWaiting = new CountDownLatch(1);
        CompletableFuture<Integer> round = inAnotherTransaction(() -> {
            add(tally);
            changed.countDown();
            await(otherWaiting);
            return add(tally);
        });
        await(changed);

        CompletableFuture<Integer> other = inAnotherTransaction(() -> add(tally));
        assertWaiting(other, "waits for the round that holds the email");
        otherWaiting.countDown();

        assertThat(round.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(ledger.history(tally))
                .extracting(DomainEventMessage::getSequenceNumber)
                .containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void twoTransactionsTakingTwoAggregatesInOppositeOrders_bothCommit() throws Exception {
        String a = open("tally-a");
        String b = open("tally-b");
        CountDownLatch firstHoldsA = new CountDownLatch(1);
        CountDownLatch secondHoldsB = new CountDownLatch(1);
        CompletableFuture<Integer> first = inAnotherTransaction(() -> {
            add(a);
            firstHoldsA.countDown();
            await(secondHoldsB);
            return add(b);
        });
        CompletableFuture<Integer> second = inAnotherTransaction(() -> {
            add(b);
            secondHoldsB.countDown();
            await(firstHoldsA);
            return add(a);
        });

        // PostgreSQL fails one of them (a deadlock), which runs once more after the other commits
        assertThat(List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS)))
                .containsExactlyInAnyOrder(1, 2);
        assertThat(ledger.history(a)).hasSize(3);
        assertThat(ledger.history(b)).hasSize(3);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
