package dev.postject.service.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.projections.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private static final int CALLERS = 8;
    private static Transactions transactions;
    private static Jdbi jdbi;
    private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS + 1);
    private GroupCommit groups;

    @BeforeAll
    static void database() {
        transactions = new Transactions(TestPostgres.newDataSource());
        jdbi = Jdbi.create(transactions);
        jdbi.useHandle(h -> h.execute("CREATE TABLE grouped (v TEXT PRIMARY KEY, tx BIGINT)"));
    }

    @BeforeEach
    void empty() {
        jdbi.useHandle(h -> h.execute("DELETE FROM grouped"));
        groups = new GroupCommit(transactions);
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    /** Inserts {@code value} in the open transaction; the id of that transaction. */
    private static long insert(String value) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO grouped VALUES (:v, txid_current()) RETURNING tx")
                .bind("v", value)
                .mapTo(Long.class)
                .one());
    }

    private static Set<String> committed() {
        return new HashSet<>(jdbi.withHandle(
                h -> h.createQuery("SELECT v FROM grouped").mapTo(String.class).list()));
    }

    /**
     * A first caller holds the lead (its work waits on {@code release}) while the others queue
     * behind it; each then runs {@code work(i)}. The callers' futures, in order.
     */
    private List<Future<Long>> queuedBehindOne(CountDownLatch release, WorkOf work) throws Exception {
        Future<Long> first = callers.submit(() -> groups.inTransaction(() -> {
            awaitQuietly(release);
            return insert("first");
        }));
        await().until(() -> groups.waiting() == 1);
        List<Future<Long>> queued = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int n = i;
            queued.add(callers.submit(() -> groups.inTransaction(() -> work.run(n))));
        }
        await().until(() -> groups.waiting() == CALLERS + 1);
        queued.add(0, first);
        return queued;
    }

    interface WorkOf {
        long run(int caller);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void callersQueuedBehindALeader_commitTogether_eachAnsweredAfterTheCommit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Long>> futures = queuedBehindOne(release, n -> insert("v" + n));

        // nobody answered before their commit, for as long as the leader holds it back
        await().during(Duration.ofMillis(100))
                .atMost(Duration.ofSeconds(2))
                .until(() -> futures.stream().noneMatch(Future::isDone));
        assertThat(committed()).isEmpty();
        release.countDown();

        Set<Long> transactionsSeen = new HashSet<>();
        for (Future<Long> future : futures.subList(1, futures.size())) {
            transactionsSeen.add(future.get(10, TimeUnit.SECONDS));
            assertThat(committed()).hasSize(CALLERS + 1); // committed by the time any of them returns
        }
        // the first committed alone (nobody was queued when it began); the queued ones in one transaction
        assertThat(transactionsSeen).hasSize(1);
        assertThat(futures.get(0).get()).isNotIn(transactionsSeen);
    }

    /**
     * The works of a group run inside what the group commit was given to run them in (the ledger's
     * one unit of work), all in one run of it, inside their transaction; a work alone runs without it.
     */
    @Test
    void aGroupsWorks_runTogetherInsideItsAround_aWorkAloneWithout() throws Exception {
        ThreadLocal<Long> around = new ThreadLocal<>();
        List<Long> arounds = new java.util.concurrent.CopyOnWriteArrayList<>();
        groups = new GroupCommit(transactions, works -> {
            long tx = jdbi.withHandle(h ->
                    h.createQuery("SELECT txid_current()").mapTo(Long.class).one());
            arounds.add(tx);
            around.set(tx);
            try {
                works.run();
            } finally {
                around.remove();
            }
        });
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Long>> futures = queuedBehindOne(release, n -> {
            long tx = insert("v" + n);
            assertThat(around.get())
                    .as("inside the group's around, in its transaction")
                    .isEqualTo(tx);
            return tx;
        });
        release.countDown();
        for (Future<Long> future : futures) {
            future.get(10, TimeUnit.SECONDS);
        }

        assertThat(arounds)
                .as("one run for the queued group; none for the first, alone")
                .hasSize(1);
        assertThat(committed()).hasSize(CALLERS + 1);
    }

    @Test
    void oneFailingWork_failsOnlyItsCaller_theOthersCommitTogether() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Long>> futures = queuedBehindOne(release, n -> {
            long tx = insert("v" + n);
            if (n == 3) {
                throw new IllegalArgumentException("refused " + n);
            }
            return tx;
        });
        release.countDown();

        Set<Long> transactionsSeen = new HashSet<>();
        for (int i = 1; i < futures.size(); i++) {
            if (i == 4) { // the failing work of caller 3 (after the first)
                assertThat(futures.get(i))
                        .failsWithin(Duration.ofSeconds(10))
                        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withMessageContaining("refused 3");
            } else {
                transactionsSeen.add(futures.get(i).get(10, TimeUnit.SECONDS));
            }
        }
        assertThat(committed())
                .hasSize(CALLERS)
                .contains("first", "v0", "v2", "v4", "v7")
                .doesNotContain("v3");
        assertThat(transactionsSeen).as("the others still in one transaction").hasSize(1);
    }

    @Test
    void moreCallersThanAGroupHolds_commitInSeveralGroups_everyOneAnswered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<Long> first = callers.submit(() -> groups.inTransaction(() -> {
            awaitQuietly(release);
            return insert("first");
        }));
        await().until(() -> groups.waiting() == 1);
        int queued = GroupCommit.MAX_GROUP + 6;
        ExecutorService many = Executors.newFixedThreadPool(queued);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < queued; i++) {
                int n = i;
                futures.add(many.submit(() -> groups.inTransaction(() -> insert("v" + n))));
            }
            await().until(() -> groups.waiting() == queued + 1);
            release.countDown();

            Set<Long> transactionsSeen = new HashSet<>();
            for (Future<Long> future : futures) {
                transactionsSeen.add(future.get(20, TimeUnit.SECONDS));
            }
            assertThat(first.get(10, TimeUnit.SECONDS)).isNotIn(transactionsSeen);
            assertThat(transactionsSeen).hasSize(2); // a full group, then the six behind it
            assertThat(committed()).hasSize(queued + 1);
            assertThat(groups.waiting()).isZero();
        } finally {
            many.shutdownNow();
        }
    }

    @Test
    void anErrorInAWork_reachesItsCaller_andLeavesTheLeadFree() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Long>> futures = queuedBehindOne(release, n -> {
            if (n == 0) {
                throw new AssertionError("broken " + n);
            }
            return insert("v" + n);
        });
        release.countDown();

        assertThat(futures.get(1))
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(AssertionError.class);
        for (Future<Long> future : futures.subList(2, futures.size())) {
            assertThat(future).succeedsWithin(Duration.ofSeconds(10));
        }
        assertThat(groups.inTransaction(() -> insert("after"))).isPositive();
        assertThat(committed()).hasSize(CALLERS + 1).doesNotContain("v0");
    }

    @Test
    void aCallerInATransaction_joinsIt() {
        long[] inner = new long[1];
        long outer = transactions.inTransaction(() -> {
            inner[0] = groups.inTransaction(() -> insert("joined"));
            return insert("outer");
        });

        assertThat(inner[0]).isEqualTo(outer);
        assertThat(committed()).containsExactlyInAnyOrder("joined", "outer");
    }

    @Test
    void aCallerAlone_runsAtOnce_inATransactionOfItsOwn() {
        long first = groups.inTransaction(() -> insert("a"));
        long second = groups.inTransaction(() -> insert("b"));

        assertThat(first).isNotEqualTo(second);
        assertThat(committed()).containsExactlyInAnyOrder("a", "b");
        assertThat(groups.waiting()).isZero();
    }
}
