package dev.postject.service.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A process that owns the embedded PostgreSQL is killed with SIGKILL. Its server lives on as an
 * orphan; the next start takes over the data directory with every committed row intact, while a
 * second server on a directory in use is refused.
 */
class EmbeddedDatabaseCrashTest {

    /** The child process: starts the embedded database, commits a row, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]));
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE survivors (name TEXT)");
            s.execute("INSERT INTO survivors VALUES ('committed before the crash')");
        }
        System.out.println("ready");
        System.out.flush();
        System.in.read();
    }

    @Test
    void afterKill9_theNextStartTakesOver_withCommittedDataIntact() throws Exception {
        Path dataDir = Files.createTempDirectory("postject-crash");
        Process child = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmbeddedDatabaseCrashTest.class.getName(),
                        dataDir.toString()))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                // start-up logging
            }
            assertThat(line).as("child reported ready").isEqualTo("ready");
        }
        assertThat(EmbeddedDatabase.runningPort(dataDir)).isPresent();

        child.destroyForcibly(); // SIGKILL: no shutdown hook runs, PostgreSQL is orphaned
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(EmbeddedDatabase.runningPort(dataDir))
                .as("the orphaned server is still up")
                .isPresent();

        EmbeddedDatabase restarted = EmbeddedDatabase.start(dataDir);
        try {
            try (Connection c = DriverManager.getConnection(restarted.jdbcUrl(), EmbeddedDatabase.USER, "");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT name FROM survivors")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("committed before the crash");
            }
            assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir))
                    .hasMessageContaining("in use by another Postject process");
        } finally {
            restarted.close();
        }
    }
}
