package dev.postject.service.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The process that starts the embedded PostgreSQL reaches it over a Unix-domain socket in the data
 * directory, which only its owner can enter; tools beside it reach it over loopback TCP; a data
 * directory whose path is too long for a socket's name is reached over TCP.
 */
class EmbeddedDatabaseSocketTest {

    @Test
    void theStartingProcess_talksOverTheSocketInTheDataDirectory_othersOverTcp() throws Exception {
        Path dataDir = Files.createTempDirectory("postject-db");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir)) {
            assertThat(clientAddress(database.jdbcUrl()))
                    .as("no client address: a Unix-domain socket")
                    .isNull();
            int port = EmbeddedDatabase.runningPort(dataDir).orElseThrow();
            assertThat(clientAddress(EmbeddedDatabase.jdbcUrl(port))).isEqualTo("127.0.0.1/32");

            Path pgData = dataDir.resolve("postgres");
            assertThat(pgData.resolve(".s.PGSQL." + port)).exists();
            assertThat(Files.getPosixFilePermissions(pgData))
                    .containsOnly(
                            PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE);
        }
    }

    @Test
    void aDataDirectoryTooLongForASocketsName_isReachedOverTcp() throws Exception {
        Path dataDir =
                Files.createDirectories(Files.createTempDirectory("postject-db").resolve("d".repeat(90)));
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir)) {
            assertThat(clientAddress(database.jdbcUrl())).isEqualTo("127.0.0.1/32");
        }
    }

    private static String clientAddress(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, EmbeddedDatabase.USER, "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT inet_client_addr()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
