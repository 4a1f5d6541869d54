package dev.postject.service.wiring;

import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.domains.DomainQueries;
import dev.postject.projections.sandbox.SandboxEmailQueries;
import dev.postject.projections.servertokens.ServerTokenQueries;
import dev.postject.service.account.AccountHistory;
import dev.postject.service.auth.CallerLimits;
import dev.postject.service.auth.DashboardAuth;
import dev.postject.service.auth.DashboardTokens;
import dev.postject.service.auth.KeyExpirySweep;
import dev.postject.service.auth.KeyUsage;
import dev.postject.service.auth.ServerTokenIssuer;
import dev.postject.service.auth.SmtpCredentials;
import dev.postject.service.operators.SendingPauses;
import dev.postject.service.platform.crypto.Secrets;
import dev.postject.service.platform.ledger.Ledger;
import dev.postject.service.platform.limits.LeasedQuotas;
import dev.postject.service.sandbox.ProductionAccess;
import dev.postject.service.sandbox.SandboxAddresses;

/**
 * Accounts and their callers: sign-up and login, API keys and server tokens (and the SMTP
 * listener's look-up of them), the sandbox list and the way out of it, and the operators' pause of
 * an account's sending.
 */
record AccountWiring(
        DashboardAuth dashboardAuth,
        DashboardTokens tokens,
        KeyUsage keyUsage,
        ServerTokenIssuer serverTokens,
        SmtpCredentials smtpCredentials,
        AccountHistory history,
        SandboxAddresses sandbox,
        ProductionAccess productionAccess,
        SendingPauses pauses,
        CallerLimits callerLimits) {

    /** The key usage recorder and the expiry sweep start before the rest (as they always have). */
    static KeyUsage installKeys(Platform platform, Ledger ledger) {
        ApiKeyQueries keys = platform.queries(ApiKeyQueries.class);
        ServerTokenQueries serverTokens = platform.queries(ServerTokenQueries.class);
        KeyUsage usage = new KeyUsage(keys, serverTokens);
        platform.environment().lifecycle().manage(usage);
        platform.environment()
                .lifecycle()
                .manage(new KeyExpirySweep(
                        keys,
                        serverTokens,
                        ledger.commands(),
                        platform.clock(),
                        platform.config().security().keyExpirySweepInterval()));
        return usage;
    }

    static AccountWiring install(Platform platform, Ledger ledger, KeyUsage usage, SendingWiring sending) {
        SandboxAddresses sandbox = new SandboxAddresses(
                platform.transactions(),
                ledger.commands(),
                platform.queries(SandboxEmailQueries.class),
                sending.sending(),
                platform.ownMail(),
                platform.publicUrl(),
                platform.clock());
        ProductionAccess productionAccess = new ProductionAccess(
                platform.transactions(),
                ledger.commands(),
                platform.caches(),
                platform.queries(dev.postject.projections.accounts.AccountQueries.class),
                platform.queries(DomainQueries.class),
                sending.sending());
        DashboardTokens tokens = new DashboardTokens(
                Secrets.configuredOrGenerated(
                        platform.config().security().jwtSecret(), platform.dataDir(), "jwt-secret"),
                platform.config().security().jwtTtl(),
                platform.clock());
        DashboardAuth dashboardAuth = new DashboardAuth(
                platform.jdbi(),
                platform.transactions(),
                ledger.commands(),
                tokens,
                platform.limiter(),
                platform.ownMail(),
                platform.clock());
        return new AccountWiring(
                dashboardAuth,
                tokens,
                usage,
                new ServerTokenIssuer(ledger.commands(), platform.queries(ServerTokenQueries.class), platform.clock()),
                new SmtpCredentials(platform.caches(), usage, platform.clock()),
                new AccountHistory(ledger),
                sandbox,
                productionAccess,
                new SendingPauses(
                        platform.transactions(),
                        ledger.commands(),
                        platform.queries(dev.postject.projections.accounts.AccountQueries.class),
                        sending.sending(),
                        platform.config().sending().supportContact()),
                new CallerLimits(
                        new LeasedQuotas(platform.limiter(), platform.clock()),
                        platform.caches(),
                        platform.config().rateLimits()));
    }
}
