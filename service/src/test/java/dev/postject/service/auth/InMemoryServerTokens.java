package dev.postject.service.auth;

import dev.postject.projections.servertokens.ServerTokenQueries;
import dev.postject.projections.servertokens.ServerTokenView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A server token model in memory, for tests of what reads it; counts the look-ups it is asked for. */
final class InMemoryServerTokens implements ServerTokenQueries {
    final List<ServerTokenView> tokens = new CopyOnWriteArrayList<>();
    final AtomicInteger lookups = new AtomicInteger();

    InMemoryServerTokens add(ServerTokenView token) {
        tokens.add(token);
        return this;
    }

    /** An active token of {@code account} with no expiry, allowing these networks. */
    static ServerTokenView token(String id, String account, Instant createdAt, String... networks) {
        return new ServerTokenView(
                id, account, "name", "hash-" + id, "hint", createdAt, null, List.of(networks), null, null, null);
    }

    @Override
    public Optional<ServerTokenView> findByHash(String tokenHash) {
        lookups.incrementAndGet();
        return tokens.stream().filter(t -> t.tokenHash().equals(tokenHash)).findFirst();
    }

    @Override
    public Optional<ServerTokenView> find(String accountId, String tokenId) {
        lookups.incrementAndGet();
        return tokens.stream()
                .filter(t -> t.accountId().equals(accountId) && t.id().equals(tokenId))
                .findFirst();
    }

    @Override
    public List<ServerTokenView> listActive(String accountId, Instant now) {
        return tokens.stream()
                .filter(t -> t.accountId().equals(accountId) && t.isActiveAt(now))
                .toList();
    }

    @Override
    public List<ServerTokenView> withNetworks(Instant now) {
        lookups.incrementAndGet();
        return new ArrayList<>(tokens.stream()
                .filter(t -> !t.allowedNetworks().isEmpty() && t.isActiveAt(now))
                .toList());
    }

    @Override
    public List<String> claimedByOthers(String accountId, String[] networks, Instant now) {
        return List.of();
    }

    @Override
    public List<ServerTokenView> dueForExpiry(Instant now, int limit) {
        return List.of();
    }

    @Override
    public void recordUsage(Collection<String> tokenIds, Collection<Instant> usedAt) {}
}
