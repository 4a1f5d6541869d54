package dev.postject.service.wiring;

import dev.postject.projections.domains.DomainQueries;
import dev.postject.service.domains.DevDns;
import dev.postject.service.domains.DkimKeys;
import dev.postject.service.domains.DnsChecks;
import dev.postject.service.domains.DomainRecheck;
import dev.postject.service.domains.DomainSettings;
import dev.postject.service.domains.Domains;
import dev.postject.service.platform.ledger.Ledger;
import dev.postject.service.platform.net.Dns;
import dev.postject.service.tasks.RecheckDomainsTask;
import java.util.List;

/** Sending domains: DNS checks against the configured resolvers (or the development DNS), rechecks. */
final class DomainsWiring {
    private DomainsWiring() {}

    static Domains install(Platform platform, Ledger ledger, DkimKeys dkimKeys, Dns dns) {
        DomainSettings settings = platform.config().domains();
        DomainQueries queries = platform.queries(DomainQueries.class);
        List<String> configured = platform.config().dns().servers();
        Dns verifying = dns;
        if (platform.config().dns().devPort().isPresent()) {
            DevDns devDns = new DevDns(platform.config().dns().devPort().get(), queries, settings.spfInclude());
            platform.environment().lifecycle().manage(devDns);
            if (configured.isEmpty()) {
                verifying = platform.dns(List.of(devDns.address()));
            }
        }
        Domains domains = new Domains(
                platform.transactions(),
                ledger.commands(),
                queries,
                dkimKeys,
                new DnsChecks(verifying, settings.spfInclude()),
                platform.clock());
        platform.environment().lifecycle().manage(new DomainRecheck(domains, settings.recheckInterval()));
        platform.environment().admin().addTask(new RecheckDomainsTask(domains));
        return domains;
    }
}
