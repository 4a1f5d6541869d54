package dev.postject.service.domains;

import dev.postject.events.AccountId;
import dev.postject.events.Actor;
import dev.postject.events.DomainId;
import dev.postject.projections.domains.DomainQueries;
import dev.postject.projections.domains.DomainView;
import dev.postject.service.account.AddDomain;
import dev.postject.service.account.RecordDomainCheck;
import dev.postject.service.account.RemoveDomain;
import dev.postject.service.domains.DnsChecks.Checks;
import dev.postject.service.domains.DnsChecks.Result;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.platform.text.Ids;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sending domains: adding one makes its ownership token and DKIM key pair (the private half
 * stored encrypted, in the same transaction as {@code DomainAdded}); verifying looks the records up
 * in DNS; a periodic recheck takes back domains whose records vanished.
 */
public final class Domains {
    private static final Logger LOG = LoggerFactory.getLogger(Domains.class);
    /** Lower-case host name of two or more labels, a letter-led top-level label, at most 253 characters. */
    private static final Pattern NAME =
            Pattern.compile("(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    private final Transactions transactions;
    private final CommandGateway commands;
    private final DomainQueries queries;
    private final DkimKeys keys;
    private final DnsChecks dns;
    private final Clock clock;

    /** A domain and, after a verify, what DNS showed. */
    public record Verification(DomainView domain, Checks checks) {}

    public Domains(
            Transactions transactions,
            CommandGateway commands,
            DomainQueries queries,
            DkimKeys keys,
            DnsChecks dns,
            Clock clock) {
        this.transactions = transactions;
        this.commands = commands;
        this.queries = queries;
        this.keys = keys;
        this.dns = dns;
        this.clock = clock;
    }

    public DnsChecks dns() {
        return dns;
    }

    public DomainView add(AccountId account, String rawName) {
        String name = normalize(rawName);
        DomainId id = new DomainId(Ids.newId(DomainId.PREFIX));
        KeyPair pair = DkimKeys.generate();
        String selector = "pj" + Ids.randomBase62(8).toLowerCase(Locale.ROOT);
        transactions.inTransaction(() -> {
            commands.sendAndWait(
                    new AddDomain(account, id, name, Ids.randomBase62(32), selector, DkimKeys.publicKeyText(pair)));
            keys.store(id.value(), account.value(), pair.getPrivate(), clock.instant());
            return null;
        });
        return find(account, id.value());
    }

    public List<DomainView> list(AccountId account) {
        return queries.list(account.value());
    }

    public DomainView find(AccountId account, String domainId) {
        return queries.find(account.value(), domainId)
                .orElseThrow(() -> new Refusal.NotFound("domain_not_found", "No domain with this id."));
    }

    public void remove(AccountId account, String domainId) {
        DomainView domain = find(account, domainId);
        transactions.inTransaction(() -> {
            commands.sendAndWait(new RemoveDomain(account, new DomainId(domain.id())));
            keys.delete(domain.id());
            return null;
        });
    }

    /** Looks the domain's records up now and records a change of status in the ledger. */
    public Verification verify(AccountId account, String domainId) {
        DomainView domain = find(account, domainId);
        Checks checks = dns.check(expected(domain));
        record(domain, checks);
        return new Verification(find(account, domainId), checks);
    }

    /** Checks every verified domain again; returns how many lost their verification. */
    public int recheckVerified() {
        int lost = 0;
        String after = null;
        List<DomainView> page;
        do {
            page = queries.verifiedPage(after, 100);
            for (DomainView domain : page) {
                after = domain.id();
                try {
                    Checks checks = dns.check(expected(domain));
                    if (RequestContext.runAs(Actor.SYSTEM, "recheck_" + domain.id(), () -> record(domain, checks))) {
                        lost++;
                        LOG.warn(
                                "Domain {} ({}) lost its verification: {}",
                                domain.name(),
                                domain.id(),
                                checks.summary());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Could not recheck domain {}: {}", domain.id(), e.getMessage());
                }
            }
        } while (page.size() == 100);
        return lost;
    }

    /**
     * Records what DNS showed, unless a resolver failed on a check that decides (an outage is not
     * a removed record). Returns whether a verified domain lost its verification.
     */
    private boolean record(DomainView domain, Checks checks) {
        if (checks.ownership() == Result.ERROR || checks.dkim() == Result.ERROR) {
            return false;
        }
        boolean wasVerified = domain.status().equals("verified");
        commands.sendAndWait(new RecordDomainCheck(
                new AccountId(domain.accountId()), new DomainId(domain.id()), checks.verified(), checks.summary()));
        return wasVerified && !checks.verified();
    }

    private static DnsChecks.Expected expected(DomainView domain) {
        return new DnsChecks.Expected(
                domain.name(), domain.verificationToken(), domain.dkimSelector(), domain.dkimPublicKey());
    }

    /** The name as Postject keeps it (lower case, no trailing dot), or 422. */
    static String normalize(String raw) {
        String name = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!NAME.matcher(name).matches()) {
            throw new Refusal.Invalid(
                    "invalid_domain", "'name' must be a domain name such as mail.example.com.", "name");
        }
        return name;
    }
}
