package dev.postject.service.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.newsclub.net.unix.AFUNIXSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that Postject runs in its data directory when no database URL is configured.
 * Durable: fsync, synchronous commit and full-page writes are on, so a 2xx survives a crash.
 *
 * <p>The server answers on a free port of the loopback interface; another process on the same
 * data directory (e.g. {@code create-admin} while the service runs) finds it through
 * {@code postmaster.pid} instead of starting a second server. The process that starts it talks to
 * it over a Unix-domain socket in its data directory (which only the data directory's owner can
 * enter), a cheaper round trip than loopback TCP for every statement; over TCP when that path would
 * be too long for a socket's name, or where junixsocket has no native library for the platform.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";

    /** The longest path a Unix-domain socket's name holds (Linux: 108 bytes with its NUL). */
    private static final int MAX_SOCKET_PATH = 107;

    private final EmbeddedPostgres server;
    private final int port;
    private final Path socketDir; // null: TCP only

    private EmbeddedDatabase(EmbeddedPostgres server, int port, Path socketDir) {
        this.server = server;
        this.port = port;
        this.socketDir = socketDir;
    }

    /**
     * Starts the embedded server in {@code dataDir/postgres}. A server left running by a process
     * that died (kill -9) is stopped first: its data is intact, and this process takes it over.
     */
    public static EmbeddedDatabase start(Path dataDir) {
        Path pgData = dataDir.resolve("postgres");
        try {
            Files.createDirectories(pgData);
            if (lockedByAnotherProcess(pgData)) {
                throw new IllegalStateException(
                        "The data directory " + dataDir + " is in use by another Postject process");
            }
            stopOrphan(pgData);
            Path socketDir = pgData.toAbsolutePath();
            if (socketPath(socketDir, 65535).length() > MAX_SOCKET_PATH || !AFUNIXSocket.isSupported()) {
                socketDir = null;
            }
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", socketDir == null ? "" : socketDir.toString())
                    .setServerConfig("max_connections", "200")
                    // vacuum looks for work every 10 s (default 1 min): the queue tables churn fast
                    .setServerConfig("autovacuum_naptime", "10s")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            LOG.info("Embedded PostgreSQL running on 127.0.0.1:{} with data in {}", pg.getPort(), pgData);
            return new EmbeddedDatabase(pg, pg.getPort(), socketDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + pgData, e);
        }
    }

    /** Whether the data directory holds an embedded database (running or not). */
    public static boolean exists(Path dataDir) {
        return Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"));
    }

    /** The port of a live embedded server on this data directory started by another process. */
    public static Optional<Integer> runningPort(Path dataDir) {
        return livePostmaster(dataDir.resolve("postgres")).map(Postmaster::port);
    }

    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The URL this process reaches the server at: its Unix-domain socket where it has one. */
    public String jdbcUrl() {
        if (socketDir == null) {
            return jdbcUrl(port);
        }
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE
                + "?socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg&socketFactoryArg="
                + URLEncoder.encode(socketPath(socketDir, port), StandardCharsets.UTF_8);
    }

    private static String socketPath(Path dir, int port) {
        return dir.resolve(".s.PGSQL." + port).toString();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    private record Postmaster(long pid, int port) {}

    private static Optional<Postmaster> livePostmaster(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> new Postmaster(pid, port));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The embedded server holds a file lock while its owning process lives. */
    private static boolean lockedByAnotherProcess(Path pgData) throws IOException {
        Path lockFile = pgData.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    private static void stopOrphan(Path pgData) {
        livePostmaster(pgData).ifPresent(orphan -> {
            LOG.warn("Stopping PostgreSQL (pid {}) left running on {} by a process that ended", orphan.pid(), pgData);
            ProcessHandle.of(orphan.pid()).ifPresent(process -> {
                process.destroy(); // SIGTERM: PostgreSQL's smart shutdown, which checkpoints
                try {
                    process.onExit().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("PostgreSQL pid " + orphan.pid() + " did not stop", e);
                }
            });
        });
    }
}
