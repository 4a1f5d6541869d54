package dev.postject.service.sending;

import dev.postject.events.AccountId;
import dev.postject.projections.accounts.AccountView;
import dev.postject.projections.domains.DomainView;
import dev.postject.projections.sandbox.SandboxEmailQueries;
import dev.postject.projections.suppressions.SuppressionQueries;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Addresses;
import dev.postject.service.sending.SendingPolicy.Allowance;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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
    private final Jdbi jdbi;
    private final ReadModelCaches caches;
    private final Clock clock;
    private final SandboxAllowance sandboxAllowance;

    PolicyInputs(Jdbi jdbi, ReadModelCaches caches, Clock clock, int sandboxDailyLimit) {
        this.jdbi = jdbi;
        this.caches = caches;
        this.clock = clock;
        this.sandboxAllowance = new SandboxAllowance(jdbi, clock, sandboxDailyLimit);
    }

    /** A sandbox account's daily allowance. */
    SandboxAllowance sandboxAllowance() {
        return sandboxAllowance;
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
            Allowance allowance,
            SendingScope scope) {
        // one look-up of each list for all the addresses; only sandbox mode's rules read the confirmed
        Set<String> confirmed = addresses.isEmpty() || !sandboxMode
                ? Set.of()
                : SandboxEmailQueries.confirmedAmong(jdbi, account.value(), addresses);
        Set<String> suppressed =
                addresses.isEmpty() ? Set.of() : SuppressionQueries.suppressedAmong(jdbi, account.value(), addresses);
        return new SendingPolicy.Account(
                sandboxMode, confirmed, suppressed, verifiedDomains(senderDomains), allowance, limit(account, scope));
    }

    /**
     * The account as the sender rule and the allowance see it (confirmed addresses in sandbox mode,
     * verified domains), without the suppression look-up neither reads.
     */
    SendingPolicy.Account forSender(
            AccountId account, boolean sandboxMode, String from, Allowance allowance, SendingScope scope) {
        Set<String> confirmed = sandboxMode
                ? SandboxEmailQueries.confirmedAmong(jdbi, account.value(), Set.of(Addresses.key(from)))
                : Set.of();
        return new SendingPolicy.Account(
                sandboxMode,
                confirmed,
                Set.of(),
                verifiedDomains(senderDomains(account, List.of(from))),
                allowance,
                limit(account, scope));
    }

    /**
     * The domain limit of a credential with one: its domain verified now only if the account's
     * verified domain of that name is the very domain the key was limited to (one removed and
     * added again is a new domain, with a new id). From the same cache as {@link #senderDomains}.
     */
    private SendingPolicy.DomainLimit limit(AccountId account, SendingScope scope) {
        if (!scope.limited()) {
            return null;
        }
        DomainView verified = caches.verifiedDomains(account.value()).get(scope.domain());
        return new SendingPolicy.DomainLimit(
                scope.domain(), verified != null && verified.id().equals(scope.domainId()));
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

    Allowance unlimited() {
        return Allowance.unlimited(clock.instant());
    }
}
