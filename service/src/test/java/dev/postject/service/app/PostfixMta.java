package dev.postject.service.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Postfix (Debian's {@code postfix} package) of its own: configuration, queue and log in a
 * temporary directory, nothing of {@code /etc/postfix} touched (run as root). It accepts mail from
 * loopback on {@link #port()}, relays it to a next hop, and mails its delivery status
 * notifications for the bounce domain to Postject's inbound port ({@code transport_maps}), as the
 * bounce domain's MX records would lead them there. Retries are quick and it gives up at the first
 * temporary failure, so bounces come within seconds.
 */
final class PostfixMta implements BeforeAllCallback, AfterAllCallback {
    /** Where Debian's package puts it ({@code bin/test} installs it when missing). */
    private static final String POSTFIX = "/usr/sbin/postfix";

    private final int port = freePort();
    private final IntSupplier nextHop;
    private final String bounceDomain;
    private final IntSupplier inboundPort;
    private Path dir;

    PostfixMta(IntSupplier nextHop, String bounceDomain, IntSupplier inboundPort) {
        this.nextHop = nextHop;
        this.bounceDomain = bounceDomain;
        this.inboundPort = inboundPort;
    }

    /** The port Postfix accepts mail on (127.0.0.1), known before it starts. */
    int port() {
        return port;
    }

    /** Postfix's log, for a failing test's message. */
    String log() {
        try {
            Path log = dir.resolve("maillog");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("postfix-test");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("queue"));
        run("chown", "postfix", data.toString());
        Files.writeString(
                etc.resolve("main.cf"),
                String.join(
                        "\n",
                        "compatibility_level = 3.6",
                        "queue_directory = " + dir.resolve("queue"),
                        "data_directory = " + data,
                        "command_directory = /usr/sbin",
                        "daemon_directory = /usr/lib/postfix/sbin",
                        "shlib_directory = /usr/lib/postfix",
                        "meta_directory = /etc/postfix",
                        "mail_owner = postfix",
                        "setgid_group = postdrop",
                        "myhostname = mta.postject.test",
                        "mydestination =",
                        "mynetworks = 127.0.0.0/8",
                        "inet_interfaces = 127.0.0.1",
                        "inet_protocols = ipv4",
                        "relayhost = [127.0.0.1]:" + nextHop.getAsInt(),
                        "transport_maps = texthash:" + etc.resolve("transport"),
                        "smtpd_relay_restrictions = permit_mynetworks, reject",
                        "smtp_dns_support_level = disabled",
                        "smtp_host_lookup = native",
                        "smtp_tls_security_level = none",
                        "alias_maps =",
                        "alias_database =",
                        "maillog_file = " + dir.resolve("maillog"),
                        "maillog_file_prefixes = " + dir,
                        "smtputf8_enable = no",
                        "queue_run_delay = 1s",
                        "minimal_backoff_time = 1s",
                        "maximal_backoff_time = 2s",
                        "maximal_queue_lifetime = 0",
                        "bounce_queue_lifetime = 0",
                        ""));
        Files.writeString(
                etc.resolve("transport"), bounceDomain + " smtp:[127.0.0.1]:" + inboundPort.getAsInt() + "\n");
        Files.writeString(
                etc.resolve("master.cf"),
                String.join(
                        "\n",
                        "127.0.0.1:" + port + " inet n - n - - smtpd",
                        "pickup    unix  n - n 60 1 pickup",
                        "cleanup   unix  n - n -  0 cleanup",
                        "qmgr      unix  n - n 300 1 qmgr",
                        "rewrite   unix  - - n -  - trivial-rewrite",
                        "bounce    unix  - - n -  0 bounce",
                        "defer     unix  - - n -  0 bounce",
                        "trace     unix  - - n -  0 bounce",
                        "verify    unix  - - n -  1 verify",
                        "flush     unix  n - n 1000? 0 flush",
                        "proxymap  unix  - - n -  - proxymap",
                        "smtp      unix  - - n -  - smtp",
                        "relay     unix  - - n -  - smtp",
                        "showq     unix  n - n -  - showq",
                        "error     unix  - - n -  - error",
                        "retry     unix  - - n -  - error",
                        "discard   unix  - - n -  - discard",
                        "anvil     unix  - - n -  1 anvil",
                        "scache    unix  - - n -  1 scache",
                        "postlog   unix-dgram n - n - 1 postlogd",
                        ""));
        run(POSTFIX, "-c", etc.toString(), "start");
        Awaitility.await("Postfix listening on " + port)
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> {
                    try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        return true;
                    }
                });
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (dir == null) {
            return;
        }
        run(POSTFIX, "-c", dir.resolve("etc").toString(), "stop");
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
