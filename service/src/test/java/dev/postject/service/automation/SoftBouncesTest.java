package dev.postject.service.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.postject.events.AccountId;
import dev.postject.events.EmailId;
import dev.postject.projections.schema.Migrations;
import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.platform.db.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The soft-bounce count on a real PostgreSQL: per address, within the window, once per email, and under concurrency. */
class SoftBouncesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);
    private static final AccountId ACCOUNT = new AccountId("acct_soft");
    private static Transactions transactions;
    private static SoftBounces bounces;
    private static Jdbi jdbi;

    @BeforeAll
    static void database() {
        transactions = new Transactions(TestPostgres.newDataSource());
        jdbi = Jdbi.create(transactions);
        Migrations.migrate(jdbi);
        bounces = new SoftBounces(transactions, jdbi);
    }

    private static int record(String recipient, String email, Instant at) {
        return transactions.inTransaction(() -> bounces.record(ACCOUNT, recipient, new EmailId(email), at, WEEK));
    }

    @Test
    void counts_perAddressWhateverItsSpelling_withinTheWindow_oncePerEmail() {
        assertThat(record("ann@x.test", "msg_1", T0)).isEqualTo(1);
        assertThat(record("Ann <ANN@x.test>", "msg_2", T0.plus(Duration.ofDays(1))))
                .isEqualTo(2);
        assertThat(record("ann@x.test", "msg_2", T0.plus(Duration.ofDays(1))))
                .as("the same bounce handled again")
                .isEqualTo(2);
        assertThat(record("bob@x.test", "msg_3", T0.plus(Duration.ofDays(1)))).isEqualTo(1);
        assertThat(record("ann@x.test", "msg_4", T0.plus(Duration.ofDays(7)).plusSeconds(1)))
                .as("the first fell out of the window")
                .isEqualTo(2);

        transactions.inTransaction(() -> {
            bounces.forget(ACCOUNT, "ANN@x.test");
            return null;
        });
        assertThat(record("ann@x.test", "msg_5", T0.plus(Duration.ofDays(8)))).isEqualTo(1);
    }

    @Test
    void twoBouncesOfOneAddressAtOnce_areCountedOneAfterTheOther() throws Exception {
        CountDownLatch firstCounted = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> transactions.inTransaction(() -> {
            int count = bounces.record(ACCOUNT, "cy@x.test", new EmailId("msg_a"), T0, WEEK);
            firstCounted.countDown();
            try {
                commitFirst.await(10, TimeUnit.SECONDS); // the first bounce's transaction stays open until told
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return count;
        }));
        assertThat(firstCounted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> transactions.inTransaction(
                () -> bounces.record(ACCOUNT, "cy@x.test", new EmailId("msg_b"), T0.plusSeconds(1), WEEK)));

        await().atMost(Duration.ofSeconds(10)).until(() -> waitingForALock() == 1);
        assertThat(second).as("waits while the first is uncommitted").isNotDone();
        commitFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(second.get(10, TimeUnit.SECONDS))
                .as("counted after the first committed, and saw it")
                .isEqualTo(2);
    }

    /** Sessions of this database waiting for an advisory lock. */
    private static int waitingForALock() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM pg_locks l JOIN pg_database d"
                        + " ON d.oid = l.database WHERE l.locktype = 'advisory' AND NOT l.granted"
                        + " AND d.datname = current_database()")
                .mapTo(Integer.class)
                .one());
    }
}
