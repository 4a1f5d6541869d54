package dev.postject.service.wiring;

import dev.postject.projections.accounts.AccountQueries;
import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.auditlog.AuditLogQueries;
import dev.postject.projections.emails.EmailQueries;
import dev.postject.projections.sandbox.SandboxEmailQueries;
import dev.postject.projections.servertokens.ServerTokenQueries;
import dev.postject.projections.stats.StatsQueries;
import dev.postject.projections.suppressions.SuppressionQueries;
import dev.postject.service.auth.ApiRateLimits;
import dev.postject.service.auth.BearerAuthFilter;
import dev.postject.service.auth.BearerAuthenticator;
import dev.postject.service.auth.Caller;
import dev.postject.service.auth.CredentialLookup;
import dev.postject.service.auth.JsonUnauthorizedHandler;
import dev.postject.service.auth.ServerTokenScopeFeature;
import dev.postject.service.domains.Domains;
import dev.postject.service.platform.errors.JsonExceptionMapper;
import dev.postject.service.platform.errors.RefusalMapper;
import dev.postject.service.platform.errors.UnexpectedExceptionMapper;
import dev.postject.service.platform.errors.ValidationExceptionMapper;
import dev.postject.service.platform.errors.WebApplicationExceptionMapper;
import dev.postject.service.platform.http.BodyLimitFilter;
import dev.postject.service.platform.http.HttpEdge;
import dev.postject.service.platform.http.RequestContextFilter;
import dev.postject.service.platform.ledger.Ledger;
import dev.postject.service.resources.AccountResource;
import dev.postject.service.resources.AdminResource;
import dev.postject.service.resources.ApiKeysResource;
import dev.postject.service.resources.AuthResource;
import dev.postject.service.resources.DashboardResource;
import dev.postject.service.resources.DevInboxResource;
import dev.postject.service.resources.DomainsResource;
import dev.postject.service.resources.EmailsResource;
import dev.postject.service.resources.OpenApiResource;
import dev.postject.service.resources.PingResource;
import dev.postject.service.resources.ProductionAccessResource;
import dev.postject.service.resources.SandboxConfirmationResource;
import dev.postject.service.resources.SandboxEmailsResource;
import dev.postject.service.resources.ServerTokensResource;
import dev.postject.service.resources.StatsResource;
import dev.postject.service.resources.SuppressionsResource;
import dev.postject.service.resources.TrackingResource;
import dev.postject.service.resources.WebhooksResource;
import dev.postject.service.resources.compat.DialectErrors;
import dev.postject.service.resources.compat.PostmarkResource;
import dev.postject.service.resources.compat.ResendResource;
import dev.postject.service.resources.compat.Senders;
import dev.postject.service.submission.SubmissionListeners;
import dev.postject.service.webhooks.Webhooks;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import org.glassfish.jersey.server.ServerProperties;

/** The HTTP side: the edge, filters, authentication, the error mappers and every resource. */
final class HttpWiring {
    private HttpWiring() {}

    static void install(
            Platform platform,
            Ledger ledger,
            AccountWiring accounts,
            SendingWiring sending,
            Domains domains,
            Webhooks webhooks,
            SubmissionListeners submission) {
        Environment environment = platform.environment();
        JerseyEnvironment jersey = environment.jersey();
        // a failure while writing a response is mapped like any other, never a bare 500 page
        jersey.property(ServerProperties.PROCESSING_RESPONSE_ERRORS_ENABLED, true);
        HttpEdge.install(environment);
        jersey.register(new RequestContextFilter());
        jersey.register(new BodyLimitFilter(
                platform.config().http().maxRequestBody().toBytes(),
                platform.config().http().maxEmailRequestBody().toBytes()));
        jersey.register(new AuthDynamicFeature(new BearerAuthFilter.Builder()
                .setAuthenticator(new BearerAuthenticator(
                        platform.caches(), accounts.tokens(), accounts.keyUsage(), platform.clock()))
                .setPrefix("Bearer")
                .setRealm("postject")
                .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                .buildAuthFilter()));
        jersey.register(new AuthValueFactoryProvider.Binder<>(Caller.class));
        jersey.register(new ServerTokenScopeFeature());
        jersey.register(new ApiRateLimits(accounts.callerLimits()));

        jersey.register(new RefusalMapper());
        jersey.register(new JsonExceptionMapper());
        jersey.register(new ValidationExceptionMapper());
        jersey.register(new WebApplicationExceptionMapper());
        jersey.register(new UnexpectedExceptionMapper());

        AuditLogQueries audit = platform.queries(AuditLogQueries.class);
        jersey.register(new PingResource());
        jersey.register(new OpenApiResource());
        jersey.register(new DashboardResource());
        jersey.register(new AuthResource(accounts.dashboardAuth()));
        jersey.register(new ApiKeysResource(
                ledger.commands(), platform.queries(ApiKeyQueries.class), accounts.keyUsage(), platform.clock()));
        jersey.register(new ServerTokensResource(
                accounts.serverTokens(),
                ledger.commands(),
                platform.queries(ServerTokenQueries.class),
                accounts.keyUsage(),
                submission != null
                        ? submission::endpoint
                        : () -> platform.config()
                                .submission()
                                .endpoint(platform.publicUrl().host()),
                platform.clock()));
        jersey.register(new AccountResource(platform.caches(), audit, accounts.history(), ledger.commands()));
        jersey.register(new AdminResource(
                platform.queries(AccountQueries.class), audit, accounts.productionAccess(), accounts.pauses()));
        jersey.register(new DomainsResource(domains));
        jersey.register(new WebhooksResource(webhooks));
        jersey.register(new TrackingResource(sending.engagements()));
        jersey.register(new ProductionAccessResource(accounts.productionAccess()));
        jersey.register(new SandboxEmailsResource(accounts.sandbox(), platform.queries(SandboxEmailQueries.class)));
        jersey.register(new SandboxConfirmationResource(accounts.sandbox()));
        jersey.register(new SuppressionsResource(ledger.commands(), platform.queries(SuppressionQueries.class)));
        jersey.register(new StatsResource(
                platform.queries(StatsQueries.class),
                platform.config().sending().reputationMinimumSends(),
                platform.clock()));
        jersey.register(new EmailsResource(
                sending.sending(),
                sending.idempotency(),
                platform.queries(EmailQueries.class),
                environment.getObjectMapper(),
                environment.getValidator()));
        // Postmark's and Resend's send endpoints: thin translations onto the same send path
        Senders senders = new Senders(
                new CredentialLookup(platform.caches(), accounts.keyUsage(), platform.clock()),
                accounts.callerLimits());
        jersey.register(new DialectErrors());
        jersey.register(new PostmarkResource(sending.sending(), senders, environment.getObjectMapper()));
        jersey.register(
                new ResendResource(sending.sending(), sending.idempotency(), senders, environment.getObjectMapper()));
        if (sending.devSmtp() != null) {
            jersey.register(new DevInboxResource(sending.devSmtp()));
        }
    }
}
