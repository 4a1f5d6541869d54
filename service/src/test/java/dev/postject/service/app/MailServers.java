package dev.postject.service.app;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.direct.HangingServer;
import dev.postject.service.mail.direct.MxTestServer;
import dev.postject.service.mail.direct.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The world's mail servers for a Postject delivering directly: real SMTP servers ({@link
 * MxTestServer}) on loopback addresses of their own (127.x.y.z) and one shared port, addresses
 * that refuse or never answer, MTA-STS policies served over HTTPS with certificates of the test
 * CA, all named by the test DNS. Register it after the {@link TestDns} and before the app.
 */
final class MailServers implements BeforeAllCallback, AfterAllCallback {
    private final TestDns dns;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private final Map<String, String> policies = new ConcurrentHashMap<>();
    private final int port = freePort();
    private HttpsServer policyServer;
    private SSLContext jvmDefault;

    MailServers(TestDns dns) {
        this.dns = dns;
    }

    /** A fresh domain name, unlike any other test's. */
    static String domain(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    /** The port every mail server listens on ({@code direct.port}). */
    int port() {
        return port;
    }

    /** The port MTA-STS policies are served on ({@code direct.mtaStsPort}). */
    int policyPort() {
        return policyServer.getAddress().getPort();
    }

    /** A mail server for {@code domain} at {@code host} with this MX preference; {@code tls} null: no STARTTLS. */
    MxTestServer mx(String domain, int preference, String host, SSLContext tls) {
        MxTestServer server = server(tls);
        dns.mx(domain, preference, host);
        dns.addresses(host, server.address().getHostAddress());
        return server;
    }

    /** A mail server at the address of {@code domain} itself, which has no MX record. */
    MxTestServer addressOnly(String domain) {
        MxTestServer server = server(null);
        dns.addresses(domain, server.address().getHostAddress());
        return server;
    }

    /** An MX {@code host} of {@code domain} whose address refuses connections: nothing listens there. */
    void refusing(String domain, int preference, String host) {
        dns.mx(domain, preference, host);
        dns.addresses(host, MxTestServer.freshLoopback().getHostAddress());
    }

    /** The MX of {@code domain}: a server that accepts connections and never says a word. */
    HangingServer hanging(String domain) {
        HangingServer hanging = new HangingServer(MxTestServer.freshLoopback(), port);
        open.add(hanging);
        dns.mx(domain, 10, "mx." + domain);
        dns.addresses("mx." + domain, hanging.address().getHostAddress());
        return hanging;
    }

    /** Publishes an MTA-STS policy for {@code domain} (its TXT record, and the policy over HTTPS). */
    void mtaSts(String domain, String policy) {
        policies.put("mta-sts." + domain.toLowerCase(Locale.ROOT), policy);
        dns.addresses(
                "mta-sts." + domain, policyServer.getAddress().getAddress().getHostAddress());
        dns.publish(
                "_mta-sts." + domain,
                "v=STSv1; id=" + UUID.randomUUID().toString().replace("-", "") + ";");
    }

    /**
     * Until {@link #trustOnlyTheJvmDefault()}, the JVM's default TLS context trusts the test CA, as
     * {@code -Djavax.net.ssl.trustStore} pointed at it would: Postject's MTA-STS fetches and
     * verified sessions take the default when the app starts.
     */
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        policyServer = HttpsServer.create(new InetSocketAddress(MxTestServer.freshLoopback(), 0), 0);
        policyServer.setHttpsConfigurator(new HttpsConfigurator(
                TestCertificates.server(List.of("mta-sts.enforce-plain.test", "mta-sts.enforce-verified.test")
                        .toArray(String[]::new))));
        policyServer.createContext("/.well-known/mta-sts.txt", exchange -> {
            String host = exchange.getRequestHeaders().getFirst("Host").replaceAll(":\\d+$", "");
            String policy = policies.get(host.toLowerCase(Locale.ROOT));
            byte[] body = (policy == null ? "" : policy).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(policy == null ? 404 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        policyServer.start();
        jvmDefault = SSLContext.getDefault();
        SSLContext.setDefault(TestCertificates.trustingTestCa());
    }

    /** The JVM's own default TLS context again (call once the app has started). */
    void trustOnlyTheJvmDefault() {
        if (jvmDefault != null) {
            SSLContext.setDefault(jvmDefault);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        trustOnlyTheJvmDefault();
        policyServer.stop(0);
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private MxTestServer server(SSLContext tls) {
        MxTestServer server = MxTestServer.start(MxTestServer.freshLoopback(), port, tls);
        open.add(server);
        return server;
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
