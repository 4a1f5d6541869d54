package dev.postject.service.app;

import static org.awaitility.Awaitility.await;

import dev.postject.service.PostjectApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Postject as its own process on the embedded PostgreSQL of a data directory, as {@code java -jar}
 * runs it, delivering to a relay on loopback: what a {@code kill -9} test kills and starts again.
 */
final class ServiceProcess {
    private final Path dataDir;
    private final Path log;
    private final Map<String, String> environment = new HashMap<>();
    private final int port;
    private Process process;

    /** With a fresh data directory, an API port of its own, and delivery to the relay on {@code smtpPort}. */
    ServiceProcess(int smtpPort) throws IOException {
        this.dataDir = Files.createTempDirectory("postject-crash");
        this.log = dataDir.resolve("service.log");
        this.port = freePort();
        environment.put("POSTJECT_DATA_DIR", dataDir.toString());
        environment.put("POSTJECT_HTTP_PORT", Integer.toString(port));
        environment.put("POSTJECT_ADMIN_PORT", Integer.toString(freePort()));
        environment.put("POSTJECT_SUBMISSION_BIND", "127.0.0.1");
        environment.put("POSTJECT_SUBMISSION_PORT", Integer.toString(freePort()));
        environment.put("POSTJECT_SUBMISSION_TLS_PORT", Integer.toString(freePort()));
        environment.put("POSTJECT_SMTP_HOST", "127.0.0.1");
        environment.put("POSTJECT_SMTP_PORT", Integer.toString(smtpPort));
        environment.put("POSTJECT_SMTP_TLS", "off");
        environment.put("POSTJECT_SMTP_CONCURRENCY", "2");
        environment.put("POSTJECT_SANDBOX_DAILY_LIMIT", "100000");
        for (String mode : new String[] {"SANDBOX", "PRODUCTION"}) {
            for (String limit : new String[] {
                "SENDS_PER_ACCOUNT", "SENDS_PER_CREDENTIAL", "REQUESTS_PER_ACCOUNT", "REQUESTS_PER_CREDENTIAL"
            }) {
                environment.put("POSTJECT_" + mode + "_" + limit + "_PER_MINUTE", "1000000");
            }
        }
        environment.put("POSTJECT_REQUEST_LOG_THRESHOLD", "OFF");
        environment.put("POSTJECT_LOG_LEVEL", "WARN");
        environment.put("POSTJECT_WEBHOOKS_ALLOW_PRIVATE", "true");
    }

    Api api() {
        return new Api(port);
    }

    int submissionPort() {
        return Integer.parseInt(environment.get("POSTJECT_SUBMISSION_PORT"));
    }

    /** Starts the service (again, on the same data directory and ports) and waits until it answers. */
    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                PostjectApplication.class.getName(),
                "server",
                PostjectApp.CONFIG));
        builder.environment().remove("POSTJECT_DATABASE_URL");
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        Api api = api();
        Process started = process;
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new AssertionError("service exited: " + Files.readString(log));
                    }
                    try {
                        return api.get("/v1/ping", null).status() == 200;
                    } catch (AssertionError notYet) {
                        return false;
                    }
                });
    }

    /** {@code kill -9}, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the service did not die");
        }
    }

    /** Stops it gracefully, if it runs. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
