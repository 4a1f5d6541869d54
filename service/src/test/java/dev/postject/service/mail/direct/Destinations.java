package dev.postject.service.mail.direct;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.postject.service.app.MutableClock;
import dev.postject.service.domains.TestDns;
import dev.postject.service.platform.net.Dns;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/**
 * Recipient domains for tests of the {@link DirectTransport}: each with its mail servers (real SMTP
 * servers, or addresses that refuse or never answer) on loopback addresses of their own but one
 * shared port (mail servers all listen on one port), named by the test DNS, and an MTA-STS policy
 * server when asked for; and the transport that delivers to them.
 */
final class Destinations implements AutoCloseable {
    static final String HELO = "mta.postject.test";

    final MutableClock clock = new MutableClock();
    final DirectSettings settings = new DirectSettings()
            .allowPrivate(true)
            .heloName(HELO)
            .connectTimeoutSeconds(2)
            .commandTimeoutSeconds(2);

    private final TestDns dns;
    private final List<AutoCloseable> open = new ArrayList<>();
    private int port;

    Destinations(TestDns dns) {
        this.dns = dns;
    }

    /** A fresh domain name, unlike any other test's. */
    static String domain(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    /** A mail server for {@code domain} at {@code host} with this MX preference; {@code tls} null: no STARTTLS. */
    MxTestServer mx(String domain, int preference, String host, SSLContext tls) {
        MxTestServer server = server(tls);
        dns.mx(domain, preference, host);
        dns.addresses(host, server.address().getHostAddress());
        return server;
    }

    /** A mail server at the address of {@code host} itself, which has no MX record. */
    MxTestServer addressOnly(String host) {
        MxTestServer server = server(null);
        dns.addresses(host, server.address().getHostAddress());
        return server;
    }

    /** An MX {@code host} of {@code domain} whose address refuses connections: nothing listens there. */
    void refusing(String domain, int preference, String host) {
        port();
        dns.mx(domain, preference, host);
        dns.addresses(host, MxTestServer.freshLoopback().getHostAddress());
    }

    /** An MX {@code host} of {@code domain} that accepts TCP connections and never says a word. */
    HangingServer hanging(String domain, String host) {
        HangingServer hanging = new HangingServer(MxTestServer.freshLoopback(), port());
        open.add(hanging);
        dns.mx(domain, 10, host);
        dns.addresses(host, hanging.address().getHostAddress());
        return hanging;
    }

    /** Publishes an MTA-STS policy for {@code domain}, served over HTTPS with a certificate of the test CA. */
    void mtaSts(String domain, String policy) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(MxTestServer.freshLoopback(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestCertificates.server("mta-sts." + domain)));
            server.createContext("/.well-known/mta-sts.txt", exchange -> {
                byte[] body = policy.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            open.add(() -> server.stop(0));
            settings.mtaStsPort(server.getAddress().getPort());
            dns.addresses("mta-sts." + domain, server.getAddress().getAddress().getHostAddress());
            dns.publish(
                    "_mta-sts." + domain,
                    "v=STSv1; id=" + UUID.randomUUID().toString().replace("-", "") + ";");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A policy host for {@code domain} that accepts connections on the MTA-STS port and never
     * answers (call after {@link #mtaSts} for another domain, which picks the port).
     */
    HangingServer hangingMtaSts(String domain) {
        HangingServer hanging = new HangingServer(MxTestServer.freshLoopback(), settings.mtaStsPort());
        open.add(hanging);
        dns.addresses("mta-sts." + domain, hanging.address().getHostAddress());
        dns.publish("_mta-sts." + domain, "v=STSv1; id=hanging;");
        return hanging;
    }

    /** The MTA-STS policies, on the settings as they are now; closed with these destinations. */
    MtaStsPolicies policies() throws Exception {
        MtaStsPolicies policies = new MtaStsPolicies(resolver(), settings, clock, TestCertificates.trustingTestCa());
        policies.start();
        open.add(0, policies);
        return policies;
    }

    private Dns resolver() {
        return new Dns(List.of("127.0.0.1:" + dns.port()), Duration.ofMillis(500));
    }

    /** The transport, on the settings as they are now; closed with these destinations. */
    DirectTransport transport() throws Exception {
        settings.port(port());
        Dns resolver = resolver();
        MtaStsPolicies policies = policies();
        DirectTransport transport = new DirectTransport(
                new MxResolver(resolver, settings, new Random(1)),
                policies,
                new MxConnector(settings, TestCertificates.trustingTestCa()),
                settings,
                clock);
        open.add(0, transport);
        return transport;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private MxTestServer server(SSLContext tls) {
        MxTestServer server = MxTestServer.start(MxTestServer.freshLoopback(), port, tls);
        port = server.port();
        open.add(server);
        return server;
    }

    /** The port every mail server listens on, picked by the first one. */
    private int port() {
        if (port == 0) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return port;
    }
}
