package dev.postject.service.mail.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Servers on loopback with settings for tests, and TLS that the test clients trust. */
final class TestServers {
    static final String HOST = "mx.postject.test";
    private static TlsIdentity identity;

    private TestServers() {}

    /** The defaults, with timeouts short enough that a broken test fails fast rather than hangs. */
    static SmtpServerSettings.Builder settings() {
        return SmtpServerSettings.builder(HOST)
                .port(0)
                .commandTimeout(Duration.ofSeconds(20))
                .dataTimeout(Duration.ofSeconds(20))
                .shutdownTimeout(Duration.ofSeconds(10));
    }

    static SmtpServer start(SmtpServerSettings.Builder settings, SSLContext tls, SmtpHandler.Factory<?> handler) {
        SmtpServer server = new SmtpServer(settings.build(), tls, handler);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }

    static SmtpServer start(SmtpServerSettings.Builder settings, SmtpHandler.Factory<?> handler) {
        return start(settings, null, handler);
    }

    /** One self-signed identity per test JVM (in a temporary directory). */
    static synchronized TlsIdentity identity() {
        if (identity == null) {
            try {
                Path dir = Files.createTempDirectory("postject-smtpd-tls");
                identity = TlsIdentity.selfSigned(dir.resolve("tls"), HOST, Clock.systemUTC());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return identity;
    }

    static SSLContext serverTls() {
        return identity().sslContext();
    }

    /** A client context that trusts exactly this certificate. */
    static SSLContext trusting(X509Certificate certificate) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("server", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static SSLContext clientTls() {
        return trusting(identity().chain().get(0));
    }
}
