package dev.postject.service.platform.db;

import com.codahale.metrics.MetricRegistry;
import dev.postject.projections.schema.Migrations;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.array.SqlArrayTypes;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database Postject runs on: the configured PostgreSQL, or the embedded one in the data
 * directory. Pooled, shared by Jdbi and Axon through {@link Transactions}, migrated when opened.
 */
public final class Database implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final ManagedDataSource dataSource;
    private final EmbeddedDatabase embedded;
    private final String url;
    private final String user;
    private final String password;
    private final Transactions transactions;
    private final Jdbi jdbi;

    private Database(
            ManagedDataSource dataSource, EmbeddedDatabase embedded, String url, String user, String password) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.url = url;
        this.user = user;
        this.password = password;
        this.transactions = new Transactions(dataSource);
        this.jdbi = Jdbi.create(transactions).installPlugin(new SqlObjectPlugin());
        // Every handle and statement copies the root configuration, and builds afresh any part the
        // root lacks: without this, each statement registered all SQL array types again
        jdbi.getConfig(SqlArrayTypes.class);
    }

    /**
     * Connects and migrates. With no URL configured, starts the embedded server; a tool that runs
     * beside the service ({@code attachToRunning}) uses the service's embedded server instead, or
     * starts the one in the data directory, and never creates a database nobody else would use.
     */
    public static Database open(DatabaseConfig config, Path dataDir, MetricRegistry metrics, boolean attachToRunning) {
        String url = config.url();
        String user = config.user();
        String password = config.password();
        EmbeddedDatabase embedded = null;
        if (config.isEmbedded()) {
            user = EmbeddedDatabase.USER;
            password = "";
            Optional<Integer> running = attachToRunning ? EmbeddedDatabase.runningPort(dataDir) : Optional.empty();
            if (running.isPresent()) {
                LOG.info("Using the embedded PostgreSQL already running on port {}", running.get());
                url = EmbeddedDatabase.jdbcUrl(running.get());
            } else {
                if (attachToRunning && !EmbeddedDatabase.exists(dataDir)) {
                    Path absolute = dataDir.toAbsolutePath().normalize();
                    throw new IllegalStateException("No Postject database in " + dataDir
                            + (absolute.equals(dataDir) ? "" : " (" + absolute + ")")
                            + ": start the service first, or set the same POSTJECT_DATA_DIR / POSTJECT_DATABASE_URL"
                            + " as the service");
                }
                embedded = EmbeddedDatabase.start(dataDir);
                url = embedded.jdbcUrl();
            }
        }
        DataSourceFactory pool = config.pool(url, user, password);
        Database database = new Database(pool.build(metrics, "postgres"), embedded, url, user, password);
        try {
            Migrations.migrate(database.jdbi);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    public Transactions transactions() {
        return transactions;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void stop() {
        close();
    }

    public void close() {
        try {
            dataSource.stop();
        } catch (Exception e) {
            LOG.warn("Connection pool did not close cleanly", e);
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}
