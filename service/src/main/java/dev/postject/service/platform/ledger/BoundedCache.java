package dev.postject.service.platform.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Axon's aggregate cache, holding the most recently used aggregates strongly, up to a bound. A
 * {@code WeakReferenceCache} lost most entries at every young collection under load, so an email's
 * outcome, recorded a few milliseconds after its acceptance, read and deserialized the email's
 * events again half of the time.
 */
final class BoundedCache implements Cache {
    private final Map<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final Consumer<Runnable> onRollback;

    BoundedCache(int maxEntries) {
        this(maxEntries, undo -> {});
    }

    /**
     * @param onRollback takes what undoes a {@link #put} if the database transaction open on the
     *     thread rolls back after all: Axon caches an aggregate when its command's unit of work
     *     commits, which may only have joined a transaction that fails later (the delivery
     *     worker's queue change, a second command in the same transaction). The copy would then hold
     *     events the ledger does not, and decide the next command from them.
     */
    BoundedCache(int maxEntries, Consumer<Runnable> onRollback) {
        this.onRollback = onRollback;
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                boolean full = size() > maxEntries;
                if (full) {
                    listeners.forEach(listener -> listener.onEntryExpired(eldest.getKey()));
                }
                return full;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <K, V> V get(K key) {
        V value = (V) entries.get(key);
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        boolean updated;
        synchronized (this) {
            updated = entries.put(key, value) != null;
        }
        onRollback.accept(() -> remove(key));
        listeners.forEach(listener -> {
            if (updated) {
                listener.onEntryUpdated(key, value);
            } else {
                listener.onEntryCreated(key, value);
            }
        });
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        synchronized (this) {
            if (entries.containsKey(key)) {
                return false;
            }
            entries.put(key, value);
        }
        listeners.forEach(listener -> listener.onEntryCreated(key, value));
        return true;
    }

    @Override
    public boolean remove(Object key) {
        boolean removed;
        synchronized (this) {
            removed = entries.remove(key) != null;
        }
        if (removed) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public synchronized void removeAll() {
        List.copyOf(entries.keySet()).forEach(this::remove);
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
