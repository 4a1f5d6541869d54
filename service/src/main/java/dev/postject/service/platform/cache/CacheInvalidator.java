package dev.postject.service.platform.cache;

import dev.postject.events.AccountEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs in the transaction of every account change: queues a PostgreSQL notification (delivered to
 * every node only if the change commits) and evicts this node's cache once it has committed, so
 * the request that made the change already sees it.
 */
@ProcessingGroup(CacheInvalidator.GROUP)
public final class CacheInvalidator {
    public static final String GROUP = "read-model-cache";
    public static final String CHANNEL = "postject_read_models";

    private final Jdbi jdbi;
    private final ReadModelCaches caches;

    public CacheInvalidator(Jdbi jdbi, ReadModelCaches caches) {
        this.jdbi = jdbi;
        this.caches = caches;
    }

    @EventHandler
    void on(AccountEvent event) {
        String accountId = event.accountId().value();
        jdbi.useHandle(h -> h.createQuery("SELECT pg_notify(:channel, :accountId)::text")
                .bind("channel", CHANNEL)
                .bind("accountId", accountId)
                .mapTo(String.class)
                .findFirst());
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> caches.evictAccount(accountId));
        } else {
            caches.evictAccount(accountId);
        }
    }
}
