package dev.postject.projections.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL scripts under {@code db/migration} in order, each once, each in its own
 * transaction. An advisory lock lets several nodes start at once against one database.
 *
 * <p>To change the schema, add the next {@code V<n>__<what>.sql} and list it in {@link #SCRIPTS};
 * never edit a script that has shipped.
 */
public final class Migrations {
    static final List<String> SCRIPTS = List.of(
            "V1__accounts_keys_audit.sql",
            "V2__sending.sql",
            "V3__domains_production_access.sql",
            "V4__tracking_webhooks.sql",
            "V5__busy_queue_tables.sql",
            "V6__rate_limits.sql",
            "V7__projection_positions.sql",
            "V8__server_tokens.sql",
            "V9__smtp_submission.sql",
            "V10__email_positions_in_rows.sql",
            "V11__sandbox_allowance.sql",
            "V12__bounce_classes_and_suppression_causes.sql",
            "V13__sending_stats.sql",
            "V14__sending_pause_and_reputation.sql",
            "V15__api_key_permissions.sql",
            "V16__rate_limit_windows.sql");

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final long LOCK_ID = 0x706f73746a656374L; // "postject"

    private Migrations() {}

    /** Brings the schema up to date and returns the version it is at. */
    public static int migrate(Jdbi jdbi) {
        return jdbi.withHandle(handle -> {
            handle.createQuery("SELECT pg_advisory_lock(:id)::text")
                    .bind("id", LOCK_ID)
                    .mapTo(String.class)
                    .findFirst();
            try {
                handle.execute(
                        "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                + "version INT PRIMARY KEY, script TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
                int current = handle.createQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")
                        .mapTo(Integer.class)
                        .one();
                for (String script : SCRIPTS) {
                    int version = versionOf(script);
                    if (version <= current) {
                        continue;
                    }
                    String sql = read("db/migration/" + script);
                    handle.useTransaction(tx -> {
                        tx.createScript(sql).execute();
                        tx.execute("INSERT INTO schema_migrations (version, script) VALUES (?, ?)", version, script);
                    });
                    LOG.info("Applied schema migration {}", script);
                    current = version;
                }
                return current;
            } finally {
                handle.createQuery("SELECT pg_advisory_unlock(:id)::text")
                        .bind("id", LOCK_ID)
                        .mapTo(String.class)
                        .findFirst();
            }
        });
    }

    /**
     * Takes the lock the migrations hold, until the transaction open on {@code handle} ends: for
     * schema made outside these scripts (Axon's own tables), so nodes that start at the same moment
     * on an empty database create it one after the other.
     */
    public static void lockSchemaUntilCommit(Handle handle) {
        handle.createQuery("SELECT pg_advisory_xact_lock(:id)::text")
                .bind("id", LOCK_ID)
                .mapTo(String.class)
                .findFirst();
    }

    static int versionOf(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing migration " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
