package dev.postject.service.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook HTTP client connects to the addresses it is given, never to what the name resolves
 * to (these names resolve nowhere), and keeps the name for the Host header, for SNI and for the
 * certificate check. A real HTTP receiver and a real HTTPS server with a certificate made here.
 */
class PinnedHttpClientTest {
    private static final String NAME = "pinned.hooks.test";

    @RegisterExtension
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    private static final List<String> SNI = new CopyOnWriteArrayList<>();
    private static HttpsServer tls;
    private static PinnedHttpClient client;

    @BeforeAll
    static void start() throws Exception {
        KeyStore keys = certificateFor(NAME);
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        context.init(keyManagers.getKeyManagers(), null, null);
        tls = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        tls.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        SNI.add(((SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                params.setSSLParameters(parameters);
            }
        });
        tls.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        tls.start();

        SslContextFactory.Client trust = new SslContextFactory.Client();
        trust.setTrustStore(keys); // the test's self-signed certificate is the only one trusted
        client = new PinnedHttpClient(Duration.ofSeconds(5), trust);
        client.start();
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        tls.stop(0);
    }

    private static List<InetAddress> loopback() {
        return List.of(InetAddress.getLoopbackAddress());
    }

    @Test
    void aRequest_goesToTheGivenAddress_withTheNameInItsHostHeader() throws Exception {
        URI uri = URI.create("http://" + NAME + ":" + RECEIVER.port() + "/plain");
        WebhookDispatcher.Result result = client.post(uri, loopback(), Map.of("webhook-id", "evt_1"), "{\"a\":1}");

        assertThat(result.status()).as(String.valueOf(result)).isEqualTo(200);
        WebhookReceiver.Request request = RECEIVER.received("/plain").get(0);
        assertThat(request.header("host")).isEqualTo(NAME + ":" + RECEIVER.port());
        assertThat(request.header("webhook-id")).isEqualTo("evt_1");
        assertThat(request.header("content-type")).startsWith("application/json");
        assertThat(request.header("user-agent")).isEqualTo("Postject-Webhooks/1");
        assertThat(request.body()).isEqualTo("{\"a\":1}");
    }

    @Test
    void withoutCheckedAddresses_nothingIsConnectedTo() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + RECEIVER.port() + "/unpinned");
        WebhookDispatcher.Result result = client.post(uri, List.of(), Map.of(), "{}");

        assertThat(result.status()).isNull();
        assertThat(result.error()).contains("no checked address");
        assertThat(RECEIVER.received("/unpinned")).isEmpty();
    }

    @Test
    void overHttps_theNameIsTheSniSent_andTheNameTheCertificateMustCarry() throws Exception {
        int port = tls.getAddress().getPort();
        WebhookDispatcher.Result ok =
                client.post(URI.create("https://" + NAME + ":" + port + "/tls"), loopback(), Map.of(), "{}");
        assertThat(ok.status()).as(String.valueOf(ok)).isEqualTo(204);
        assertThat(SNI).contains(NAME);

        WebhookDispatcher.Result wrongName =
                client.post(URI.create("https://other.hooks.test:" + port + "/tls"), loopback(), Map.of(), "{}");
        assertThat(wrongName.status()).isNull();
        assertThat(wrongName.error()).contains("SSLHandshakeException", "other.hooks.test");
    }

    /** A PKCS12 key store with a fresh self-signed certificate for {@code name}, made by keytool. */
    private static KeyStore certificateFor(String name) throws Exception {
        Path dir = Files.createTempDirectory("pinned-tls");
        Path file = dir.resolve("keys.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "hook",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=" + name,
                        "-ext",
                        "SAN=dns:" + name,
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        file.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, "changeit".toCharArray());
        }
        return keys;
    }
}
