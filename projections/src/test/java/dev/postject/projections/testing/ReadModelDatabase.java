package dev.postject.projections.testing;

import dev.postject.projections.schema.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated database for one test class, emptied before each of its tests, on one connection
 * that every handle shares: a database and its migrations cost ~150 ms, emptying it a few, and
 * opening a connection per statement would cost more than the statements. Register it in a static
 * field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ReadModelDatabase DATABASE = new ReadModelDatabase();
 * private final Jdbi jdbi = DATABASE.jdbi();
 * }</pre>
 */
public final class ReadModelDatabase implements BeforeEachCallback, AfterAllCallback {
    private String url;
    private Connection connection;
    private Jdbi jdbi;
    private String emptyEveryTable;

    /** The class's database, created and migrated on first use. */
    public synchronized Jdbi jdbi() {
        if (jdbi == null) {
            url = TestPostgres.newDatabase();
            try {
                connection = DriverManager.getConnection(url, TestPostgres.USER, "");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            jdbi = Jdbi.create(new SharedConnection(connection)).installPlugin(new SqlObjectPlugin());
            Migrations.migrate(jdbi);
            List<String> tables = Tables.of(jdbi);
            // DELETE, not TRUNCATE: on tables of a few rows it is many times faster
            emptyEveryTable = tables.stream().map(t -> "DELETE FROM " + t).collect(Collectors.joining(";\n"));
        }
        return jdbi;
    }

    /** Its JDBC URL (user {@link TestPostgres#USER}), for a test that needs connections of its own. */
    public String url() {
        jdbi();
        return url;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        jdbi().useHandle(h -> h.createScript(emptyEveryTable).execute());
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }

    private record SharedConnection(Connection connection) implements ConnectionFactory {
        @Override
        public Connection openConnection() {
            return connection;
        }

        @Override
        public void closeConnection(Connection toClose) {
            // kept open for the class's next handle
        }
    }
}
