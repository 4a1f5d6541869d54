package dev.postject.service.platform.cache;

import dev.postject.projections.accounts.AccountQueries;
import dev.postject.projections.accounts.AccountView;
import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.apikeys.ApiKeyView;
import dev.postject.projections.domains.DomainQueries;
import dev.postject.projections.domains.DomainView;
import dev.postject.projections.servertokens.ServerTokenQueries;
import dev.postject.projections.servertokens.ServerTokenView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * This node's copies of the read-your-writes models on the request path: API keys and server
 * tokens by hash and by id, accounts by id, each account's verified sending domains (which every
 * send reads), and the server tokens that name networks. Any change to
 * an account evicts everything cached for it (and the network tokens, which any account's change
 * may alter): on this node after the change commits, on other nodes when PostgreSQL delivers the
 * change notification.
 */
public final class ReadModelCaches {
    private record Owned(String accountId, String id) {}

    private final InvalidatingCache<String, ApiKeyView> keysByHash = new InvalidatingCache<>(200_000);
    private final InvalidatingCache<Owned, ApiKeyView> keysById = new InvalidatingCache<>(200_000);
    private final InvalidatingCache<String, ServerTokenView> tokensByHash = new InvalidatingCache<>(200_000);
    private final InvalidatingCache<Owned, ServerTokenView> tokensById = new InvalidatingCache<>(200_000);
    private final InvalidatingCache<Boolean, List<ServerTokenView>> networkTokens = new InvalidatingCache<>(1);
    private final InvalidatingCache<String, AccountView> accountsById = new InvalidatingCache<>(100_000);
    private final InvalidatingCache<String, VerifiedDomains> domainsByAccount = new InvalidatingCache<>(100_000);
    private final ApiKeyQueries keys;
    private final ServerTokenQueries tokens;
    private final AccountQueries accounts;
    private final DomainQueries domains;

    /** An account's verified sending domains, by (lower-case) name. */
    private record VerifiedDomains(String accountId, Map<String, DomainView> byName) {}

    public ReadModelCaches(ApiKeyQueries keys, ServerTokenQueries tokens, AccountQueries accounts) {
        this(keys, tokens, accounts, null);
    }

    public ReadModelCaches(
            ApiKeyQueries keys, ServerTokenQueries tokens, AccountQueries accounts, DomainQueries domains) {
        this.keys = keys;
        this.tokens = tokens;
        this.accounts = accounts;
        this.domains = domains;
    }

    public Optional<ApiKeyView> keyByHash(String keyHash) {
        return keysByHash.get(keyHash, keys::findByHash);
    }

    public Optional<ApiKeyView> key(String accountId, String keyId) {
        return keysById.get(new Owned(accountId, keyId), id -> keys.find(id.accountId(), id.id()));
    }

    public Optional<ServerTokenView> serverTokenByHash(String tokenHash) {
        return tokensByHash.get(tokenHash, tokens::findByHash);
    }

    public Optional<ServerTokenView> serverToken(String accountId, String tokenId) {
        return tokensById.get(new Owned(accountId, tokenId), id -> tokens.find(id.accountId(), id.id()));
    }

    /**
     * Every account's server tokens that name networks, as loaded at some instant up to {@code
     * now}: one of them may have expired since, so check each before use.
     */
    public List<ServerTokenView> serverTokensWithNetworks(Instant now) {
        return networkTokens
                .get(Boolean.TRUE, all -> Optional.of(tokens.withNetworks(now)))
                .orElseThrow();
    }

    public Optional<AccountView> account(String accountId) {
        return accountsById.get(accountId, accounts::find);
    }

    /** The account's verified sending domains, by (lower-case) name. */
    public Map<String, DomainView> verifiedDomains(String accountId) {
        if (domains == null) {
            throw new IllegalStateException("These caches were made without the domains read model");
        }
        return domainsByAccount
                .get(
                        accountId,
                        id -> Optional.of(new VerifiedDomains(
                                id,
                                domains.list(id).stream()
                                        .filter(domain -> domain.status().equals("verified"))
                                        .collect(Collectors.toUnmodifiableMap(
                                                DomainView::name, Function.identity(), (a, b) -> a)))))
                .orElseThrow()
                .byName();
    }

    public void evictAccount(String accountId) {
        keysByHash.invalidateIf(key -> key.accountId().equals(accountId));
        keysById.invalidateIf(key -> key.accountId().equals(accountId));
        tokensByHash.invalidateIf(token -> token.accountId().equals(accountId));
        tokensById.invalidateIf(token -> token.accountId().equals(accountId));
        networkTokens.clear();
        accountsById.invalidateIf(account -> account.id().equals(accountId));
        domainsByAccount.invalidateIf(verified -> verified.accountId().equals(accountId));
    }

    /** Forget everything, e.g. when change notifications may have been missed. */
    public void clear() {
        keysByHash.clear();
        keysById.clear();
        tokensByHash.clear();
        tokensById.clear();
        networkTokens.clear();
        accountsById.clear();
        domainsByAccount.clear();
    }
}
