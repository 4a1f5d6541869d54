package dev.postject.service.platform.ledger;

import dev.postject.service.platform.db.Transactions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Axon's aggregate cache, holding the most recently used aggregates strongly, up to a bound. A
 * {@code WeakReferenceCache} lost most entries at every young collection under load, so an email's
 * outcome, recorded a few milliseconds after its acceptance, read and deserialized the email's
 * events again half of the time.
 *
 * <p>It holds only what is committed. An aggregate a transaction reads from it is the
 * transaction's until it ends: Axon changes the cached object in place, and caches it again when
 * the command's unit of work commits, which may only have joined a transaction that fails later
 * (the delivery worker's queue change, a second command in the same transaction). The copy would
 * then hold events the ledger does not. So the transaction takes the entry out, keeps what it
 * caches to itself, and hands it back once it has committed; a rollback drops it, and the next
 * command sources the aggregate from the ledger. PostgreSQL frees the locks of a transaction that
 * failed ({@code AggregateLocks}) before the rollback reaches this cache: another thread that takes
 * the aggregate then must not find the failed transaction's copy here.
 */
final class BoundedCache implements Cache {
    /** A cached value, stamped when it was cached: a later stamp is a later state of the aggregate. */
    private record Stamped(Object value, long stamp) {}

    private final Map<Object, Stamped> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final Transactions transactions;
    private final ThreadLocal<Map<Object, Stamped>> ofTheTransaction = new ThreadLocal<>();
    private final AtomicLong stamps = new AtomicLong();

    /** A cache no transaction takes entries of. */
    BoundedCache(int maxEntries) {
        this(maxEntries, null);
    }

    BoundedCache(int maxEntries, Transactions transactions) {
        this.transactions = transactions;
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Stamped> eldest) {
                boolean full = size() > maxEntries;
                if (full) {
                    listeners.forEach(listener -> listener.onEntryExpired(eldest.getKey()));
                }
                return full;
            }
        };
    }

    /**
     * What the transaction open on this thread took or cached (opened for it if {@code open});
     * null when no transaction is open, or it has none and {@code open} is false.
     */
    private Map<Object, Stamped> ofTheTransaction(boolean open) {
        if (transactions == null || !transactions.isActive()) {
            return null;
        }
        Map<Object, Stamped> own = ofTheTransaction.get();
        if (own == null && open) {
            Map<Object, Stamped> opened = new HashMap<>();
            ofTheTransaction.set(opened);
            transactions.afterCommit(() -> {
                ofTheTransaction.remove();
                opened.forEach(this::handBack);
            });
            transactions.onRollback(ofTheTransaction::remove);
            own = opened;
        }
        return own;
    }

    /**
     * A committed transaction's entry, cached unless a later one is: the transaction that took the
     * aggregate next (after this one's commit freed its lock) may have committed and handed its
     * own back first.
     */
    private void handBack(Object key, Stamped committed) {
        boolean cached;
        synchronized (this) {
            Stamped there = entries.get(key);
            cached = there == null || there.stamp() < committed.stamp();
            if (cached) {
                entries.put(key, committed);
            }
        }
        if (cached) {
            listeners.forEach(listener -> listener.onEntryCreated(key, committed.value()));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Map<Object, Stamped> own = ofTheTransaction(false);
        if (own != null && own.containsKey(key)) {
            return (V) own.get(key).value();
        }
        boolean taking = transactions != null && transactions.isActive();
        Stamped found;
        synchronized (this) {
            found = taking ? entries.remove(key) : entries.get(key);
        }
        if (found == null) {
            return null;
        }
        if (taking) {
            ofTheTransaction(true).put(key, found);
        }
        listeners.forEach(listener -> listener.onEntryRead(key, found.value()));
        return (V) found.value();
    }

    @Override
    public void put(Object key, Object value) {
        Stamped stamped = new Stamped(value, stamps.incrementAndGet());
        Map<Object, Stamped> own = ofTheTransaction(true);
        if (own != null) {
            own.put(key, stamped);
            return;
        }
        boolean updated;
        synchronized (this) {
            updated = entries.put(key, stamped) != null;
        }
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
        if (containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public boolean remove(Object key) {
        Map<Object, Stamped> own = ofTheTransaction(false);
        boolean removed = own != null && own.remove(key) != null;
        synchronized (this) {
            removed |= entries.remove(key) != null;
        }
        if (removed) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        List<Object> keys;
        synchronized (this) {
            keys = List.copyOf(entries.keySet());
        }
        keys.forEach(this::remove);
    }

    @Override
    public boolean containsKey(Object key) {
        Map<Object, Stamped> own = ofTheTransaction(false);
        if (own != null && own.containsKey(key)) {
            return true;
        }
        synchronized (this) {
            return entries.containsKey(key);
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
