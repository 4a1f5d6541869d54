package dev.postject.service.wiring;

import dev.postject.projections.accounts.AccountQueries;
import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.domains.DomainQueries;
import dev.postject.projections.servertokens.ServerTokenQueries;
import dev.postject.service.PostjectConfiguration;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.crypto.SecretBox;
import dev.postject.service.platform.crypto.Secrets;
import dev.postject.service.platform.db.Database;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.http.PublicUrl;
import dev.postject.service.platform.limits.OwnMailLimits;
import dev.postject.service.platform.limits.RateLimiter;
import dev.postject.service.platform.net.Dns;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiHealthCheck;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** What every feature is built on: the database, the caches, limits, secrets, DNS and the public URL. */
record Platform(
        PostjectConfiguration config,
        Environment environment,
        Clock clock,
        Path dataDir,
        Database database,
        ReadModelCaches caches,
        RateLimiter limiter,
        OwnMailLimits ownMail,
        SecretBox secrets,
        PublicUrl publicUrl) {
    static final java.time.Duration DNS_TIMEOUT = java.time.Duration.ofSeconds(3);

    static Platform install(PostjectConfiguration config, Environment environment, Clock clock) {
        Path dataDir = createDataDir(config.dataDir());
        Database database = Database.open(config.database(), dataDir, environment.metrics(), false);
        environment.lifecycle().manage(database);
        environment
                .healthChecks()
                .register(
                        "postgres",
                        new JdbiHealthCheck(
                                environment.getHealthCheckExecutorService(),
                                Duration.seconds(5),
                                database.jdbi(),
                                Optional.of("SELECT 1")));
        Jdbi jdbi = database.jdbi();
        ReadModelCaches caches = new ReadModelCaches(
                jdbi.onDemand(ApiKeyQueries.class),
                jdbi.onDemand(ServerTokenQueries.class),
                jdbi.onDemand(AccountQueries.class),
                jdbi.onDemand(DomainQueries.class));
        RateLimiter limiter = new RateLimiter(database.transactions(), jdbi, clock);
        SecretBox secrets = new SecretBox(
                Secrets.configuredOrGenerated(config.security().encryptionKey(), dataDir, "encryption-key"));
        PublicUrl publicUrl = new PublicUrl(config.http().publicUrl(), apiBindHost(config.getServerFactory()));
        environment.lifecycle().addServerLifecycleListener(publicUrl::serverStarted);
        return new Platform(
                config,
                environment,
                clock,
                dataDir,
                database,
                caches,
                limiter,
                new OwnMailLimits(limiter, config.rateLimits()),
                secrets,
                publicUrl);
    }

    Jdbi jdbi() {
        return database.jdbi();
    }

    Transactions transactions() {
        return database.transactions();
    }

    <T> T queries(Class<T> type) {
        return database.jdbi().onDemand(type);
    }

    /** The configured resolvers, or {@code servers} instead when given. */
    Dns dns(List<String> servers) {
        return new Dns(servers, DNS_TIMEOUT);
    }

    /** The address the API connector binds, if configured (the first application connector's). */
    private static String apiBindHost(ServerFactory server) {
        ConnectorFactory api = null;
        if (server instanceof DefaultServerFactory factory
                && !factory.getApplicationConnectors().isEmpty()) {
            api = factory.getApplicationConnectors().get(0);
        } else if (server instanceof SimpleServerFactory factory) {
            api = factory.getConnector();
        }
        return api instanceof HttpConnectorFactory http ? http.getBindHost() : null;
    }

    private static Path createDataDir(String dataDir) {
        try {
            return Files.createDirectories(Path.of(dataDir)).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDir, e);
        }
    }
}
