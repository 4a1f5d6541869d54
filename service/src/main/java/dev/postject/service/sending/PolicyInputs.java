package dev.postject.service.sending;

import dev.postject.events.AccountId;
import dev.postject.projections.accounts.AccountView;
import dev.postject.projections.domains.DomainView;
import dev.postject.projections.emails.EmailQueries;
import dev.postject.projections.sandbox.SandboxEmailQueries;
import dev.postject.projections.suppressions.SuppressionQueries;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Addresses;
import dev.postject.service.sending.SendingPolicy.Allowance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * What the {@link SendingPolicy} reads of an account, read from the read-your-writes models: its
 * mode, which of some addresses are confirmed or suppressed, its verified sender domains, and its
 * daily allowance.
 */
final class PolicyInputs {
    private final Transactions transactions;
    private final ReadModelCaches caches;
    private final SandboxEmailQueries sandbox;
    private final SuppressionQueries suppressions;
    private final EmailQueries emails;
    private final Clock clock;
    private final int sandboxDailyLimit;

    PolicyInputs(Transactions transactions, Jdbi jdbi, ReadModelCaches caches, Clock clock, int sandboxDailyLimit) {
        this.transactions = transactions;
        this.caches = caches;
        this.sandbox = jdbi.onDemand(SandboxEmailQueries.class);
        this.suppressions = jdbi.onDemand(SuppressionQueries.class);
        this.emails = jdbi.onDemand(EmailQueries.class);
        this.clock = clock;
        this.sandboxDailyLimit = sandboxDailyLimit;
    }

    AccountView view(AccountId account) {
        return caches.account(account.value())
                .orElseThrow(() -> new Refusal.NotFound("account_not_found", "This account does not exist."));
    }

    /** The account as the rules see it, for emails that name these addresses and sender domains. */
    SendingPolicy.Account account(
            AccountId account,
            boolean sandboxMode,
            Set<String> addresses,
            Map<String, DomainView> senderDomains,
            Allowance allowance) {
        // one look-up of each list for all the addresses; only sandbox mode's rules read the confirmed
        Set<String> confirmed =
                addresses.isEmpty() || !sandboxMode ? Set.of() : sandbox.confirmedAmong(account.value(), addresses);
        Set<String> suppressed =
                addresses.isEmpty() ? Set.of() : suppressions.suppressedAmong(account.value(), addresses);
        return new SendingPolicy.Account(sandboxMode, confirmed, suppressed, verifiedDomains(senderDomains), allowance);
    }

    /**
     * The verified domain of each sender's domain (null where it has none), from this node's cache
     * of the account's verified domains (evicted by any change to the account, as its mode is).
     */
    Map<String, DomainView> senderDomains(AccountId account, Collection<String> senders) {
        Map<String, DomainView> verified = caches.verifiedDomains(account.value());
        Map<String, DomainView> senderDomains = new HashMap<>();
        for (String sender : senders) {
            String domain = Addresses.domainOf(sender);
            senderDomains.put(domain, verified.get(domain));
        }
        return senderDomains;
    }

    private static Set<String> verifiedDomains(Map<String, DomainView> senderDomains) {
        return senderDomains.entrySet().stream()
                .filter(entry -> entry.getValue() != null)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /**
     * How many more emails the sandbox account may send now, and when the oldest of the day frees
     * a place (looked up only when {@code batchSize} emails could need it). With {@code lock}, holds
     * a per-account lock until the transaction ends, so concurrent sends cannot overshoot the limit
     * together; without, it is an early answer that the send itself checks again.
     */
    Allowance allowance(AccountId account, int batchSize, boolean lock) {
        if (lock) {
            transactions.lockUntilCommit(account.value());
        }
        Instant now = clock.instant();
        Instant since = now.minus(Duration.ofDays(1));
        int remaining = sandboxDailyLimit - emails.countSince(account.value(), since, sandboxDailyLimit);
        Instant freesAt = remaining >= batchSize
                ? now
                : emails.oldestSince(account.value(), since).orElse(now).plus(Duration.ofDays(1));
        return new Allowance(remaining, sandboxDailyLimit, freesAt, now);
    }

    Allowance unlimited() {
        return Allowance.unlimited(clock.instant());
    }
}
