package dev.postject.service.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.platform.db.Transactions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {
    @Test
    void anAggregateStaysCached_throughAGarbageCollection() {
        BoundedCache cache = new BoundedCache(10);
        cache.put("msg_1", new StringBuilder("an aggregate nobody else holds"));

        System.gc();

        assertThat((Object) cache.get("msg_1")).hasToString("an aggregate nobody else holds");
    }

    @Test
    void beyondItsBound_theLeastRecentlyUsedEntryGoes() {
        BoundedCache cache = new BoundedCache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.get("a");

        cache.put("c", 3);

        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).as("the least recently used").isFalse();
        assertThat(cache.containsKey("c")).isTrue();
    }

    @Test
    void putIfAbsent_keepsWhatIsThere_andRemoveForgetsIt() {
        BoundedCache cache = new BoundedCache(2);
        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        assertThat((Object) cache.get("a")).isEqualTo(1);

        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.containsKey("a")).isFalse();
    }

    private static Transactions transactions() {
        return new Transactions(TestPostgres.newDataSource());
    }

    /** What another thread (another transaction's command) finds in the cache. */
    private static Object elsewhere(BoundedCache cache, String key) {
        try {
            return CompletableFuture.supplyAsync(() -> (Object) cache.get(key)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whatATransactionCaches_isItsOwnUntilItCommits() {
        Transactions transactions = transactions();
        BoundedCache cache = new BoundedCache(10, transactions);

        transactions.inTransaction(() -> {
            cache.put("msg_1", "changed");
            assertThat((Object) cache.get("msg_1")).isEqualTo("changed");
            assertThat(elsewhere(cache, "msg_1")).as("not committed yet").isNull();
            return null;
        });

        assertThat(elsewhere(cache, "msg_1")).isEqualTo("changed");
    }

    @Test
    void aRollback_dropsWhatTheTransactionTookOutAndCached() {
        Transactions transactions = transactions();
        BoundedCache cache = new BoundedCache(10, transactions);
        cache.put("msg_1", "committed");
        cache.put("msg_2", "committed");

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    assertThat((Object) cache.get("msg_1")).isEqualTo("committed");
                    assertThat(elsewhere(cache, "msg_1"))
                            .as("taken by the transaction")
                            .isNull();
                    cache.put("msg_1", "changed in place, rolled back");
                    throw new IllegalStateException("rolled back");
                }))
                .hasMessage("rolled back");

        assertThat(elsewhere(cache, "msg_1")).as("sourced from the ledger next").isNull();
        assertThat(elsewhere(cache, "msg_2")).as("untouched").isEqualTo("committed");
    }

    @Test
    void anOlderCopyHandedBackAfterANewerOne_doesNotReplaceIt() throws Exception {
        Transactions transactions = transactions();
        BoundedCache cache = new BoundedCache(10, transactions);

        transactions.inTransaction(() -> {
            cache.put("msg_1", "first");
            // the next transaction to take the aggregate commits and hands its copy back first
            CompletableFuture.runAsync(() -> transactions.inTransaction(() -> {
                        cache.put("msg_1", "second");
                        return null;
                    }))
                    .join();
            return null;
        });

        assertThat(elsewhere(cache, "msg_1")).isEqualTo("second");
    }
}
