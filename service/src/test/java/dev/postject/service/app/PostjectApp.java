package dev.postject.service.app;

import dev.postject.projections.testing.TestPostgres;
import dev.postject.service.PostjectApplication;
import dev.postject.service.PostjectConfiguration;
import dev.postject.service.inbound.InboundListener;
import dev.postject.service.submission.SubmissionListeners;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole Postject application on real HTTP ports, started from the project's own
 * {@code config.yml}, with a data directory and (unless embedded) a database of its own, and a
 * clock the test can move. It checks every exchange on its API against the OpenAPI contract
 * ({@link ContractFilter}).
 */
public final class PostjectApp implements BeforeAllCallback, AfterAllCallback {
    public static final String CONFIG = Path.of("..", "config.yml").toString();

    /**
     * The suite signs up many accounts from one address and mails many confirmations: it raises
     * these {@code rateLimits} settings, except where a test of a limit keeps the shipped value
     * ({@link #withShippedLimits}).
     */
    private static final Map<String, String> GENEROUS_LIMITS = Map.ofEntries(
            Map.entry("confirmationsPerAddressPerMinute", "1000"),
            Map.entry("confirmationsPerAddressPerDay", "1000"),
            Map.entry("confirmationsPerAccountPerHour", "1000"),
            Map.entry("signupsPerIpPerHour", "1000"),
            Map.entry("sandbox.sendsPerAccountPerMinute", "1000000"),
            Map.entry("sandbox.sendsPerCredentialPerMinute", "1000000"),
            Map.entry("sandbox.requestsPerAccountPerMinute", "1000000"),
            Map.entry("sandbox.requestsPerCredentialPerMinute", "1000000"),
            Map.entry("production.sendsPerAccountPerMinute", "1000000"),
            Map.entry("production.sendsPerCredentialPerMinute", "1000000"),
            Map.entry("production.requestsPerAccountPerMinute", "1000000"),
            Map.entry("production.requestsPerCredentialPerMinute", "1000000"));

    private final MutableClock clock = new MutableClock();
    private final Function<Clock, ? extends PostjectApplication> makeApplication;
    private final String configPath;
    private final Path dataDir;
    private final String databaseUrl;
    private final List<ConfigOverride> overrides;
    private final Set<String> shippedLimits = new HashSet<>();
    private DropwizardTestSupport<PostjectConfiguration> support;
    private Api api;

    private PostjectApp(Path dataDir, String databaseUrl, String jwtSecret, ConfigOverride... extra) {
        this(PostjectApplication::new, CONFIG, dataDir, databaseUrl, jwtSecret, extra);
    }

    private PostjectApp(
            Function<Clock, ? extends PostjectApplication> makeApplication,
            String configPath,
            Path dataDir,
            String databaseUrl,
            String jwtSecret,
            ConfigOverride... extra) {
        this.makeApplication = makeApplication;
        this.configPath = configPath;
        this.dataDir = dataDir;
        this.databaseUrl = databaseUrl;
        this.overrides = new ArrayList<>(List.of(
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("server.requestLog.appenders[0].threshold", "OFF"),
                ConfigOverride.config("logging.level", "WARN"),
                ConfigOverride.config("dataDir", dataDir.toString()),
                ConfigOverride.config("security.keyExpirySweepInterval", "100ms"),
                ConfigOverride.config("security.jwtSecret", jwtSecret),
                ConfigOverride.config("submission.bind", "127.0.0.1"),
                ConfigOverride.config("submission.port", "0"),
                ConfigOverride.config("submission.tlsPort", "0"),
                ConfigOverride.config("inbound.bind", "127.0.0.1"),
                ConfigOverride.config("inbound.port", "0")));
        if (databaseUrl != null) {
            overrides.add(ConfigOverride.config("database.url", databaseUrl));
        }
        overrides.addAll(List.of(extra));
    }

    /** Keeps {@code config.yml}'s own value of these {@code rateLimits} settings (before {@link #start}). */
    public PostjectApp withShippedLimits(String... settings) {
        shippedLimits.addAll(List.of(settings));
        return this;
    }

    /** Sets this {@code rateLimits} setting (e.g. {@code sandbox.sendsPerAccountPerMinute}) instead of the suite's. */
    public PostjectApp withLimit(String setting, int value) {
        shippedLimits.add(setting);
        overrides.add(ConfigOverride.config("rateLimits." + setting, Integer.toString(value)));
        return this;
    }

    /** On a fresh database of the shared test PostgreSQL. */
    public static PostjectApp onTestDatabase(ConfigOverride... extra) {
        return new PostjectApp(tempDir(), TestPostgres.newDatabase(), "", extra);
    }

    /** On a fresh database, running what {@code application} makes (a subclass with test-only routes). */
    public static PostjectApp running(Function<Clock, ? extends PostjectApplication> application) {
        return new PostjectApp(application, CONFIG, tempDir(), TestPostgres.newDatabase(), "");
    }

    /** Started with no configuration file ({@code server} alone), on a fresh database. */
    public static PostjectApp withoutConfigFile(ConfigOverride... extra) {
        return new PostjectApp(PostjectApplication::new, null, tempDir(), TestPostgres.newDatabase(), "", extra);
    }

    /** Delivering through the given SMTP server (plain SMTP on loopback). */
    public static PostjectApp relayingTo(java.util.function.IntSupplier smtpPort, ConfigOverride... extra) {
        return onTestDatabase(relaying(smtpPort, extra));
    }

    /** Another node on the given database, sharing the dashboard token secret, delivering through that server. */
    public static PostjectApp nodeRelayingTo(
            String databaseUrl, String jwtSecret, java.util.function.IntSupplier smtpPort, ConfigOverride... extra) {
        return new PostjectApp(tempDir(), databaseUrl, jwtSecret, relaying(smtpPort, extra));
    }

    private static ConfigOverride[] relaying(java.util.function.IntSupplier smtpPort, ConfigOverride... extra) {
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("smtp.host", "127.0.0.1"),
                ConfigOverride.config("smtp.port", () -> Integer.toString(smtpPort.getAsInt())),
                ConfigOverride.config("smtp.tls", "off"),
                ConfigOverride.config("smtp.concurrency", "2")));
        all.addAll(List.of(extra));
        return all.toArray(ConfigOverride[]::new);
    }

    /** Another node on the given database, sharing the dashboard token secret. */
    public static PostjectApp node(String databaseUrl, String jwtSecret) {
        return new PostjectApp(tempDir(), databaseUrl, jwtSecret);
    }

    /**
     * One of several identical nodes on the given database, all with the same settings (so that
     * they can start at the same moment: the test support passes settings as system properties).
     */
    public static PostjectApp twin(String databaseUrl, Path dataDir) {
        return new PostjectApp(
                dataDir,
                databaseUrl,
                "a-dashboard-secret-shared-by-all-twins",
                ConfigOverride.config("security.encryptionKey", "an-encryption-key-shared-by-all-twins"));
    }

    /** With no database configured: the product default, an embedded PostgreSQL in {@code dataDir}. */
    public static PostjectApp embedded(Path dataDir) {
        return new PostjectApp(dataDir, null, "");
    }

    public void start() throws Exception {
        if (support == null) {
            List<ConfigOverride> all = new ArrayList<>(overrides);
            GENEROUS_LIMITS.forEach((setting, value) -> {
                if (!shippedLimits.contains(setting)) {
                    all.add(ConfigOverride.config("rateLimits." + setting, value));
                }
            });
            MutableClock testClock = clock;
            support =
                    new DropwizardTestSupport<>(
                            PostjectApplication.class, configPath, all.toArray(ConfigOverride[]::new)) {
                        @Override
                        public Application<PostjectConfiguration> newApplication() {
                            return makeApplication.apply(testClock);
                        }
                    };
            support.addListener(new DropwizardTestSupport.ServiceListener<>() {
                @Override
                public void onRun(
                        PostjectConfiguration configuration,
                        Environment environment,
                        DropwizardTestSupport<PostjectConfiguration> started) {
                    Contract.load();
                    environment
                            .servlets()
                            .addFilter("contract", new ContractFilter())
                            .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
                }
            });
        }
        support.before();
        api = new Api(support.getLocalPort());
    }

    public void stop() {
        support.after();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public Api api() {
        return api;
    }

    public MutableClock clock() {
        return clock;
    }

    /** The JDBC URL of this app's database (null when embedded). */
    public String databaseUrl() {
        return databaseUrl;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return support.getLocalPort();
    }

    public int adminPort() {
        return support.getAdminPort();
    }

    /**
     * The running app's command gateway: what tests record facts through that no listener of this
     * app takes in yet (reported bounces, delays, complaints).
     */
    public CommandGateway commands() {
        return ((PostjectApplication) support.getApplication()).commands();
    }

    /** The SMTP submission listeners (their ports chosen at start). */
    public SubmissionListeners submission() {
        return ((PostjectApplication) support.getApplication()).submission();
    }

    /** The inbound listener for bounces and complaints (its port chosen at start); null when off. */
    public InboundListener inbound() {
        return ((PostjectApplication) support.getApplication()).inbound();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("postject-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
