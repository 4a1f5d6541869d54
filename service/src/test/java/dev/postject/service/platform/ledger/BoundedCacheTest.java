package dev.postject.service.platform.ledger;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void aPut_isUndoneIfTheTransactionItCameInRollsBack_aPutBeforeItStays() {
        java.util.List<Runnable> undo = new java.util.ArrayList<>();
        BoundedCache cache = new BoundedCache(10, undo::add);
        cache.put("msg_1", "committed");
        undo.clear(); // its transaction committed: nothing undoes it
        cache.put("msg_2", "rolled back");

        undo.forEach(Runnable::run);

        assertThat((Object) cache.get("msg_1")).isEqualTo("committed");
        assertThat(cache.containsKey("msg_2")).isFalse();
    }
}
