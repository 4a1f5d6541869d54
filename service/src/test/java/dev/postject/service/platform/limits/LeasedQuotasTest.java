package dev.postject.service.platform.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.projections.schema.Migrations;
import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.platform.db.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guarantee of {@link LeasedQuotas}, on a real PostgreSQL with several nodes (each its own
 * {@link RateLimiter} and local shares) taking at once: never more than the quota per window, and
 * never fewer than the quota less {@code (nodes - 1) x chunk} to clients who keep asking.
 */
class LeasedQuotasTest {
    private static final Instant WINDOW_START = Instant.parse("2026-12-02T06:00:00Z");
    private static Transactions transactions;
    private static Jdbi jdbi;

    /** A clock the test sets; every node reads the same one. */
    private static final class SetClock extends Clock {
        private volatile Instant now = WINDOW_START.plusMillis(100);

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @BeforeAll
    static void database() {
        transactions = new Transactions(TestPostgres.newDataSource());
        jdbi = Jdbi.create(transactions);
        Migrations.migrate(jdbi);
    }

    private static LeasedQuotas node(Clock clock) {
        return new LeasedQuotas(new RateLimiter(transactions, jdbi, clock), clock);
    }

    private static Quota quota(String bucket, int max) {
        return new Quota("test", bucket, max, Duration.ofMinutes(1));
    }

    @Test
    void threeNodesTakingAtOnce_allowAtMostTheQuota_andAtLeastTheQuotaLessTwoChunks() throws Exception {
        SetClock clock = new SetClock();
        List<LeasedQuotas> nodes = List.of(node(clock), node(clock), node(clock));
        Quota quota = quota("concurrent", 50);
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Void>> clients = new ArrayList<>();
            for (int c = 0; c < 12; c++) {
                LeasedQuotas node = nodes.get(c % nodes.size());
                clients.add(() -> {
                    for (int i = 0; i < 20; i++) {
                        if (node.take(List.of(quota), 1).allowed()) {
                            allowed.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(clients)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }

        int chunk = LeasedQuotas.chunk(50);
        assertThat(allowed.get()).isLessThanOrEqualTo(50).isGreaterThanOrEqualTo(50 - (nodes.size() - 1) * chunk);
        Integer granted =
                jdbi.withHandle(h -> h.createQuery("SELECT granted FROM rate_limit_windows WHERE bucket = 'concurrent'")
                        .mapTo(Integer.class)
                        .one());
        assertThat(granted).isEqualTo(50);
    }

    @Test
    void oneNode_allowsExactlyTheQuota_inChunks_andTheNextWindowIsWholeAgain() {
        SetClock clock = new SetClock();
        LeasedQuotas node = node(clock);
        Quota quota = quota("one-node", 30);
        int allowed = 0;
        for (int i = 0; i < 40; i++) {
            allowed += node.take(List.of(quota), 1).allowed() ? 1 : 0;
        }
        LeasedQuotas.Outcome refused = node.take(List.of(quota), 1);

        assertThat(allowed).isEqualTo(30);
        assertThat(refused.refusedBy()).isPresent();
        assertThat(refused.refusedBy().get().remaining()).isZero();
        assertThat(refused.refusedBy().get().resetSeconds()).isEqualTo(60);

        clock.now = WINDOW_START.plus(Duration.ofMinutes(1));
        LeasedQuotas.Outcome next = node.take(List.of(quota), 1);
        assertThat(next.allowed()).isTrue();
        assertThat(next.standings().get(0).remaining()).isEqualTo(29);
    }

    @Test
    void aUseRefusedByOneQuota_countsAgainstNoneOfThem() {
        SetClock clock = new SetClock();
        LeasedQuotas node = node(clock);
        Quota wide = quota("wide", 10);
        Quota narrow = quota("narrow", 1);
        assertThat(node.take(List.of(wide, narrow), 1).allowed()).isTrue();

        LeasedQuotas.Outcome refused = node.take(List.of(wide, narrow), 1);

        assertThat(refused.refusedBy().map(s -> s.quota().bucket())).contains("narrow");
        assertThat(refused.standings().get(0).remaining()).isEqualTo(9);
        node.giveBack(List.of(wide, narrow), 1);
        assertThat(node.take(List.of(wide, narrow), 1).allowed()).isTrue();
    }

    @Test
    void anotherNode_seesWhatTheFirstLeased_andIsRefusedOnceTheWindowIsLeasedOut() {
        SetClock clock = new SetClock();
        LeasedQuotas first = node(clock);
        LeasedQuotas second = node(clock);
        Quota quota = quota("two-nodes", 10);
        for (int i = 0; i < 10; i++) {
            assertThat(first.take(List.of(quota), 1).allowed()).isTrue();
        }

        LeasedQuotas.Outcome refused = second.take(List.of(quota), 1);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.standings().get(0).remaining()).isZero();
    }

    @Test
    void endedWindows_areDeletedFromPostgres_aboutOnceAMinute() {
        SetClock clock = new SetClock();
        LeasedQuotas node = node(clock);
        Quota quota = quota("swept", 5);
        assertThat(node.take(List.of(quota), 1).allowed()).isTrue();
        assertThat(windowsOf("swept")).isEqualTo(1);

        clock.now = WINDOW_START.plus(Duration.ofMinutes(2));
        assertThat(node.take(List.of(quota("other", 5)), 1).allowed()).isTrue();

        assertThat(windowsOf("swept")).isZero();
    }

    private static int windowsOf(String bucket) {
        Integer rows = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM rate_limit_windows WHERE bucket = :b")
                .bind("b", bucket)
                .mapTo(Integer.class)
                .one());
        return rows;
    }
}
