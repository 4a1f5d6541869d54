package dev.postject.service.resources.api;

import dev.postject.service.account.AccountHistory;
import java.time.Instant;
import java.util.List;

/** An account as it was at an instant, rebuilt from the ledger ({@link AccountHistory}). */
public record AccountAtResponse(
        String id,
        String name,
        String mode,
        Instant at,
        List<AccountHistory.Key> apiKeys,
        List<AccountHistory.ServerToken> serverTokens,
        List<AccountHistory.SandboxEmail> sandboxEmails,
        List<AccountHistory.Domain> domains)
        implements AccountAnswer {

    public static AccountAtResponse of(AccountHistory.AccountAt account) {
        return new AccountAtResponse(
                account.id(),
                account.name(),
                account.mode(),
                account.at(),
                account.apiKeys(),
                account.serverTokens(),
                account.sandboxEmails(),
                account.domains());
    }
}
