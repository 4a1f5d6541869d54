package dev.postject.service.resources.api;

import dev.postject.service.account.AccountHistory;
import java.time.Instant;
import java.util.List;

/** An account as it was at an instant, rebuilt from the ledger. */
public record AccountAtResponse(
        String id,
        String name,
        String mode,
        Instant at,
        List<Key> apiKeys,
        List<SandboxEmail> sandboxEmails,
        List<Domain> domains)
        implements AccountAnswer {

    public record Key(String id, String name, String hint, Instant createdAt, Instant expiresAt) {}

    public record SandboxEmail(String email, String status) {}

    public record Domain(String id, String name, String status) {}

    public static AccountAtResponse of(AccountHistory.AccountAt account) {
        return new AccountAtResponse(
                account.id(),
                account.name(),
                account.mode(),
                account.at(),
                account.apiKeys().stream()
                        .map(k -> new Key(k.id(), k.name(), k.hint(), k.createdAt(), k.expiresAt()))
                        .toList(),
                account.sandboxEmails().stream()
                        .map(e -> new SandboxEmail(e.email(), e.status()))
                        .toList(),
                account.domains().stream()
                        .map(d -> new Domain(d.id(), d.name(), d.status()))
                        .toList());
    }
}
