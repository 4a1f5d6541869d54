package dev.postject.service.platform.cache;

import dev.postject.events.AccountEvent;
import dev.postject.service.platform.db.Transactions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs in the transaction of every account change: queues a PostgreSQL notification (delivered to
 * every node only if the change commits) and evicts this node's cache once it has committed, so
 * the request that made the change already sees it. Once the database transaction has committed,
 * not the command's unit of work: the unit of work may only have joined a transaction still open
 * (every command waited for runs in one), and an eviction before that commit could let a read on
 * this node cache the old state again.
 */
@ProcessingGroup(CacheInvalidator.GROUP)
public final class CacheInvalidator {
    public static final String GROUP = "read-model-cache";
    public static final String CHANNEL = "postject_read_models";

    private final Jdbi jdbi;
    private final Transactions transactions;
    private final ReadModelCaches caches;

    public CacheInvalidator(Jdbi jdbi, ReadModelCaches caches, Transactions transactions) {
        this.jdbi = jdbi;
        this.caches = caches;
        this.transactions = transactions;
    }

    @EventHandler
    void on(AccountEvent event) {
        String accountId = event.accountId().value();
        jdbi.useHandle(h -> h.createQuery("SELECT pg_notify(:channel, :accountId)::text")
                .bind("channel", CHANNEL)
                .bind("accountId", accountId)
                .mapTo(String.class)
                .findFirst());
        transactions.afterCommit(() -> caches.evictAccount(accountId));
    }
}
