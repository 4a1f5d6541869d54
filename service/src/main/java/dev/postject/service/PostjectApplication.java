package dev.postject.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.postject.events.EventJson;
import dev.postject.projections.accounts.AccountQueries;
import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.auditlog.AuditLogQueries;
import dev.postject.projections.domains.DomainQueries;
import dev.postject.projections.emails.EmailQueries;
import dev.postject.projections.sandbox.SandboxEmailQueries;
import dev.postject.projections.suppressions.SuppressionQueries;
import dev.postject.service.account.AccountHistory;
import dev.postject.service.auth.BearerAuthFilter;
import dev.postject.service.auth.BearerAuthenticator;
import dev.postject.service.auth.Caller;
import dev.postject.service.auth.DashboardAuth;
import dev.postject.service.auth.DashboardTokens;
import dev.postject.service.auth.JsonUnauthorizedHandler;
import dev.postject.service.auth.KeyExpirySweep;
import dev.postject.service.auth.KeyUsage;
import dev.postject.service.cli.CreateAdminCommand;
import dev.postject.service.delivery.DeliveryOwners;
import dev.postject.service.delivery.DeliveryWorker;
import dev.postject.service.domains.DevDns;
import dev.postject.service.domains.DkimKeys;
import dev.postject.service.domains.DnsChecks;
import dev.postject.service.domains.DomainRecheck;
import dev.postject.service.domains.Domains;
import dev.postject.service.mail.DevSmtpServer;
import dev.postject.service.mail.SmtpClient;
import dev.postject.service.mail.SmtpSettings;
import dev.postject.service.platform.cache.ChangeListener;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.config.PostjectConfigurationFactory;
import dev.postject.service.platform.crypto.SecretBox;
import dev.postject.service.platform.crypto.Secrets;
import dev.postject.service.platform.db.Database;
import dev.postject.service.platform.errors.JsonExceptionMapper;
import dev.postject.service.platform.errors.RefusalMapper;
import dev.postject.service.platform.errors.UnexpectedExceptionMapper;
import dev.postject.service.platform.errors.ValidationExceptionMapper;
import dev.postject.service.platform.errors.WebApplicationExceptionMapper;
import dev.postject.service.platform.http.BodyLimitFilter;
import dev.postject.service.platform.http.HttpEdge;
import dev.postject.service.platform.http.PublicUrl;
import dev.postject.service.platform.http.RequestContextFilter;
import dev.postject.service.platform.jobs.QueueWorkers;
import dev.postject.service.platform.ledger.Ledger;
import dev.postject.service.platform.limits.OwnMailLimits;
import dev.postject.service.platform.limits.RateLimiter;
import dev.postject.service.platform.net.Dns;
import dev.postject.service.resources.AccountResource;
import dev.postject.service.resources.AdminResource;
import dev.postject.service.resources.ApiKeysResource;
import dev.postject.service.resources.AuthResource;
import dev.postject.service.resources.DashboardResource;
import dev.postject.service.resources.DevInboxResource;
import dev.postject.service.resources.DomainsResource;
import dev.postject.service.resources.EmailsResource;
import dev.postject.service.resources.PingResource;
import dev.postject.service.resources.ProductionAccessResource;
import dev.postject.service.resources.SandboxConfirmationResource;
import dev.postject.service.resources.SandboxEmailsResource;
import dev.postject.service.resources.SuppressionsResource;
import dev.postject.service.resources.TrackingResource;
import dev.postject.service.resources.WebhooksResource;
import dev.postject.service.sandbox.ProductionAccess;
import dev.postject.service.sandbox.SandboxAddresses;
import dev.postject.service.sending.EmailSending;
import dev.postject.service.sending.Engagements;
import dev.postject.service.sending.IdempotentRequests;
import dev.postject.service.tasks.RecheckDomainsTask;
import dev.postject.service.tasks.ReplayProjectionTask;
import dev.postject.service.tracking.TrackingTokens;
import dev.postject.service.webhooks.WebhookDispatcher;
import dev.postject.service.webhooks.WebhookOutbox;
import dev.postject.service.webhooks.WebhookUrls;
import dev.postject.service.webhooks.Webhooks;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiHealthCheck;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.GenericEventMessage;
import org.glassfish.jersey.server.ServerProperties;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Postject: {@code java -jar postject.jar server config.yml}. Everything is wired here, by hand. */
public class PostjectApplication extends Application<PostjectConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(PostjectApplication.class);
    private static final java.time.Duration DNS_TIMEOUT = java.time.Duration.ofSeconds(3);
    private final Clock clock;

    public PostjectApplication() {
        this(Clock.systemUTC());
    }

    /** With the clock that all rules and timestamps use (tests move it). */
    public PostjectApplication(Clock clock) {
        this.clock = clock;
    }

    public static void main(String[] args) throws Exception {
        new PostjectApplication().run(args);
    }

    @Override
    public String getName() {
        return "postject";
    }

    @Override
    public void initialize(Bootstrap<PostjectConfiguration> bootstrap) {
        bootstrap.setConfigurationFactoryFactory((klass, validator, mapper, prefix) ->
                new PostjectConfigurationFactory(validator, mapper, prefix, System::getenv));
        bootstrap.addCommand(new CreateAdminCommand());
    }

    /**
     * Instants as ISO-8601 strings; request bodies bind exactly: unknown fields, fields given twice
     * and loosely typed values are refused. Applied after the configuration is read, whose overrides
     * are strings.
     */
    static void configureJson(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }

    @Override
    public void run(PostjectConfiguration config, Environment environment) {
        configureJson(environment.getObjectMapper());
        GenericEventMessage.clock = clock;
        Path dataDir = createDataDir(config.dataDir());

        Database database = Database.open(config.database(), dataDir, environment.metrics(), false);
        environment.lifecycle().manage(database);
        Jdbi jdbi = database.jdbi();
        environment
                .healthChecks()
                .register(
                        "postgres",
                        new JdbiHealthCheck(
                                environment.getHealthCheckExecutorService(),
                                Duration.seconds(5),
                                jdbi,
                                Optional.of("SELECT 1")));

        ApiKeyQueries keys = jdbi.onDemand(ApiKeyQueries.class);
        AccountQueries accounts = jdbi.onDemand(AccountQueries.class);
        AuditLogQueries audit = jdbi.onDemand(AuditLogQueries.class);
        ReadModelCaches caches = new ReadModelCaches(keys, accounts);

        RateLimiter limiter = new RateLimiter(database.transactions(), jdbi, clock);
        OwnMailLimits ownMail = new OwnMailLimits(limiter, config.rateLimits());
        SecretBox secrets =
                new SecretBox(Secrets.configuredOrGenerated(config.encryptionKey(), dataDir, "encryption-key"));
        QueueWorkers webhookWorkers = new QueueWorkers("postject-webhooks", java.time.Duration.ofSeconds(1));
        Ledger ledger = new Ledger(
                database.transactions(),
                jdbi,
                EventJson.newMapper(),
                clock,
                caches,
                new WebhookOutbox(database.transactions(), caches, jdbi, EventJson.newMapper(), webhookWorkers::wake));
        environment.lifecycle().manage(ledger);
        environment.admin().addTask(new ReplayProjectionTask(ledger));
        environment
                .lifecycle()
                .manage(new ChangeListener(database.url(), database.user(), database.password(), caches));
        KeyUsage usage = new KeyUsage(keys);
        environment.lifecycle().manage(usage);
        environment
                .lifecycle()
                .manage(new KeyExpirySweep(
                        keys,
                        ledger.commands(),
                        clock,
                        java.time.Duration.ofMillis(
                                config.keyExpirySweepInterval().toMilliseconds())));

        SmtpSettings smtp = config.smtp();
        DevSmtpServer devSmtp = null;
        if (smtp.embedded()) {
            devSmtp = new DevSmtpServer(clock, new DeliveryOwners(jdbi));
            environment.lifecycle().manage(devSmtp);
            smtp = smtp.at("127.0.0.1", devSmtp.port());
            LOG.warn(
                    "No SMTP host configured (POSTJECT_SMTP_HOST): delivering to the embedded SMTP server on"
                            + " 127.0.0.1:{}; read what it captured at GET /v1/dev/inbox",
                    devSmtp.port());
        }
        DeliveryWorker dispatcher = new DeliveryWorker(
                jdbi,
                database.transactions(),
                ledger.commands(),
                new SmtpClient(smtp),
                caches,
                clock,
                config.retryPolicy(),
                smtp.concurrency(),
                environment.metrics());
        environment.lifecycle().manage(dispatcher);
        PublicUrl publicUrl = new PublicUrl(config.publicUrl());
        environment.lifecycle().addServerLifecycleListener(publicUrl::serverStarted);
        DkimKeys dkimKeys = new DkimKeys(jdbi, secrets);
        TrackingTokens trackingTokens = new TrackingTokens(secrets.derive("tracking tokens"));
        EmailSending sending = new EmailSending(
                database.transactions(),
                jdbi,
                ledger.commands(),
                caches,
                dkimKeys,
                trackingTokens,
                publicUrl,
                clock,
                config.sandboxDailyLimit(),
                config.systemFrom(),
                dispatcher::wake);
        SandboxEmailQueries sandboxQueries = jdbi.onDemand(SandboxEmailQueries.class);
        SandboxAddresses sandbox = new SandboxAddresses(
                database.transactions(), ledger.commands(), sandboxQueries, sending, ownMail, publicUrl, clock);

        Dns dns = new Dns(config.dnsServers(), DNS_TIMEOUT);
        WebhookUrls webhookUrls = new WebhookUrls(dns, config.webhooksAllowPrivate());
        Webhooks webhooks = new Webhooks(
                database.transactions(), jdbi, ledger.commands(), secrets, webhookUrls, clock, webhookWorkers::wake);
        environment
                .lifecycle()
                .manage(new WebhookDispatcher(
                        jdbi,
                        database.transactions(),
                        ledger.commands(),
                        webhooks,
                        webhookUrls,
                        clock,
                        webhookWorkers,
                        config.webhookConcurrency()));

        DomainQueries domainQueries = jdbi.onDemand(DomainQueries.class);
        List<String> dnsServers = config.dnsServers();
        if (config.devDnsPort().isPresent()) {
            DevDns devDns = new DevDns(config.devDnsPort().get(), domainQueries, config.spfInclude());
            environment.lifecycle().manage(devDns);
            dnsServers = dnsServers.isEmpty() ? List.of(devDns.address()) : dnsServers;
        }
        Domains domains = new Domains(
                database.transactions(),
                ledger.commands(),
                domainQueries,
                dkimKeys,
                new DnsChecks(
                        dnsServers.equals(config.dnsServers()) ? dns : new Dns(dnsServers, DNS_TIMEOUT),
                        config.spfInclude()),
                clock);
        environment
                .lifecycle()
                .manage(new DomainRecheck(domains, java.time.Duration.ofMinutes(config.domainRecheckMinutes())));
        environment.admin().addTask(new RecheckDomainsTask(domains));
        ProductionAccess productionAccess = new ProductionAccess(
                database.transactions(), ledger.commands(), caches, accounts, domainQueries, sending);

        DashboardTokens tokens = new DashboardTokens(
                Secrets.configuredOrGenerated(config.jwtSecret(), dataDir, "jwt-secret"),
                java.time.Duration.ofMinutes(config.jwtTtlMinutes()),
                clock);
        DashboardAuth dashboardAuth =
                new DashboardAuth(jdbi, database.transactions(), ledger.commands(), tokens, limiter, ownMail, clock);

        // a failure while writing a response is mapped like any other, never a bare 500 page
        environment.jersey().property(ServerProperties.PROCESSING_RESPONSE_ERRORS_ENABLED, true);
        HttpEdge.install(environment);
        environment.jersey().register(new RequestContextFilter());
        environment
                .jersey()
                .register(new BodyLimitFilter(
                        config.maxRequestBody().toBytes(),
                        config.maxEmailRequestBody().toBytes()));
        environment
                .jersey()
                .register(new AuthDynamicFeature(new BearerAuthFilter.Builder()
                        .setAuthenticator(new BearerAuthenticator(caches, tokens, usage, clock))
                        .setPrefix("Bearer")
                        .setRealm("postject")
                        .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                        .buildAuthFilter()));
        environment.jersey().register(new AuthValueFactoryProvider.Binder<>(Caller.class));

        environment.jersey().register(new RefusalMapper());
        environment.jersey().register(new JsonExceptionMapper());
        environment.jersey().register(new ValidationExceptionMapper());
        environment.jersey().register(new WebApplicationExceptionMapper());
        environment.jersey().register(new UnexpectedExceptionMapper());

        environment.jersey().register(new PingResource());
        environment.jersey().register(new DashboardResource());
        environment.jersey().register(new AuthResource(dashboardAuth));
        environment.jersey().register(new ApiKeysResource(ledger.commands(), keys, usage, clock));
        environment
                .jersey()
                .register(new AccountResource(caches, audit, new AccountHistory(ledger), ledger.commands()));
        environment.jersey().register(new AdminResource(accounts, audit, productionAccess));
        environment.jersey().register(new DomainsResource(domains));
        environment.jersey().register(new WebhooksResource(webhooks));
        environment.jersey().register(new TrackingResource(new Engagements(trackingTokens, ledger.commands())));
        environment.jersey().register(new ProductionAccessResource(productionAccess));
        environment.jersey().register(new SandboxEmailsResource(sandbox, sandboxQueries));
        environment.jersey().register(new SandboxConfirmationResource(sandbox));
        environment
                .jersey()
                .register(new SuppressionsResource(ledger.commands(), jdbi.onDemand(SuppressionQueries.class)));
        environment
                .jersey()
                .register(new EmailsResource(
                        sending,
                        new IdempotentRequests(database.transactions(), jdbi, clock),
                        jdbi.onDemand(EmailQueries.class),
                        environment.getObjectMapper(),
                        environment.getValidator()));
        if (devSmtp != null) {
            environment.jersey().register(new DevInboxResource(devSmtp));
        }
    }

    private static Path createDataDir(String dataDir) {
        try {
            return Files.createDirectories(Path.of(dataDir)).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDir, e);
        }
    }
}
