package dev.postject.service.platform.cache;

import dev.postject.projections.accounts.AccountQueries;
import dev.postject.projections.accounts.AccountView;
import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.apikeys.ApiKeyView;
import java.util.Optional;

/**
 * This node's copies of the read-your-writes models on the request path (API keys by hash,
 * accounts by id). Any change to an account evicts everything cached for it: on this node after
 * the change commits, on other nodes when PostgreSQL delivers the change notification.
 */
public final class ReadModelCaches {
    private final InvalidatingCache<String, ApiKeyView> keysByHash = new InvalidatingCache<>(200_000);
    private final InvalidatingCache<String, AccountView> accountsById = new InvalidatingCache<>(100_000);
    private final ApiKeyQueries keys;
    private final AccountQueries accounts;

    public ReadModelCaches(ApiKeyQueries keys, AccountQueries accounts) {
        this.keys = keys;
        this.accounts = accounts;
    }

    public Optional<ApiKeyView> keyByHash(String keyHash) {
        return keysByHash.get(keyHash, keys::findByHash);
    }

    public Optional<AccountView> account(String accountId) {
        return accountsById.get(accountId, accounts::find);
    }

    public void evictAccount(String accountId) {
        keysByHash.invalidateIf(key -> key.accountId().equals(accountId));
        accountsById.invalidateIf(account -> account.id().equals(accountId));
    }

    /** Forget everything, e.g. when change notifications may have been missed. */
    public void clear() {
        keysByHash.clear();
        accountsById.clear();
    }
}
