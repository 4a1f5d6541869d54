package dev.postject.service.platform.cache;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A read-through cache of a read model that never keeps a value loaded before an invalidation:
 * each invalidation bumps a generation, and a load that raced with one is dropped. Absent values
 * are not cached.
 */
final class InvalidatingCache<K, V> {
    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final int maxEntries;

    InvalidatingCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    Optional<V> get(K key, Function<K, Optional<V>> loader) {
        V cached = entries.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        long before = generation.get();
        Optional<V> loaded = loader.apply(key);
        loaded.ifPresent(value -> {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(key, value);
            if (generation.get() != before) {
                entries.remove(key, value);
            }
        });
        return loaded;
    }

    void invalidateIf(Predicate<V> stale) {
        generation.incrementAndGet();
        entries.values().removeIf(stale);
    }

    void clear() {
        generation.incrementAndGet();
        entries.clear();
    }
}
