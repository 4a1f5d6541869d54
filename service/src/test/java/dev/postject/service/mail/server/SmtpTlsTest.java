package dev.postject.service.mail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** STARTTLS and implicit TLS over raw sockets, and what a session forgets when TLS starts. */
class SmtpTlsTest {
    private final RecordingHandler handler = new RecordingHandler().user("app", "s3cret");
    private SmtpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private SmtpServer start(SmtpServerSettings.Builder settings) {
        server = TestServers.start(settings.authentication(true), TestServers.serverTls(), handler);
        return server;
    }

    @Test
    void starttlsIsOfferedInPlaintextAndAuthOnlyOnceTlsIsOn() throws IOException {
        start(TestServers.settings());
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            assertThat(client.send("EHLO client.test")).endsWith("250 STARTTLS").doesNotContain("AUTH");
            assertThat(client.send("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS");
            client.startTls(TestServers.clientTls());
            assertThat(client.tlsProtocol()).isIn("TLSv1.3", "TLSv1.2");
            assertThat(client.send("EHLO client.test"))
                    .contains("250 AUTH PLAIN LOGIN")
                    .doesNotContain("STARTTLS");
            assertThat(client.send("STARTTLS")).isEqualTo("503 5.5.1 TLS already active");
            client.send("MAIL FROM:<a@example.com>");
        }
        assertThat(handler.senders.get(0).client().tls()).isTrue();
        assertThat(handler.senders.get(0).client().tlsProtocol()).startsWith("TLSv1.");
    }

    @Test
    void commandsPipelinedAfterStarttlsInPlaintextAreDiscardedNeverExecuted() throws IOException {
        start(TestServers.settings());
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.send("EHLO client.test");
            // CVE-2011-0411: a man in the middle appends plaintext commands to the client's STARTTLS
            client.write("STARTTLS\r\nMAIL FROM:<injected@evil.example>\r\nRCPT TO:<victim@example.org>\r\n");
            assertThat(client.reply()).isEqualTo("220 2.0.0 Ready to start TLS");
            client.startTls(TestServers.clientTls());

            assertThat(client.send("RCPT TO:<victim@example.org>")).isEqualTo("503 5.5.1 Need MAIL before RCPT");
            assertThat(client.send("NOOP")).isEqualTo("250 2.0.0 Ok");
        }
        assertThat(handler.calls).noneMatch(c -> c.contains("injected") || c.contains("victim"));
    }

    @Test
    void afterStarttlsTheClientMustSayEhloAgain() throws IOException {
        start(TestServers.settings());
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.send("EHLO client.test");
            client.send("STARTTLS");
            client.startTls(TestServers.clientTls());
            assertThat(client.send("MAIL FROM:<a@example.com>")).isEqualTo("503 5.5.1 Send HELO/EHLO first");
            client.send("EHLO client.test");
            assertThat(client.send("MAIL FROM:<a@example.com>")).isEqualTo("250 2.1.0 Ok");
        }
    }

    @Test
    void authenticationBeforeStarttlsIsForgottenAfterIt() throws IOException {
        start(TestServers.settings().plaintextAuthOnLoopback(true));
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.send("EHLO client.test");
            assertThat(client.send("AUTH PLAIN " + RawSmtp.plain("app", "s3cret")))
                    .startsWith("235 2.7.0");
            client.send("STARTTLS");
            client.startTls(TestServers.clientTls());
            client.send("EHLO client.test");
            assertThat(client.send("MAIL FROM:<a@example.com>")).isEqualTo("250 2.1.0 Ok");
        }
        assertThat(handler.senders.get(0).principal()).isEmpty();
        assertThat(handler.senders.get(0).authenticated()).isFalse();
    }

    @Test
    void starttlsIsRefusedInsideATransaction() throws IOException {
        start(TestServers.settings());
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.send("EHLO client.test");
            client.send("MAIL FROM:<a@example.com>");
            assertThat(client.send("STARTTLS")).isEqualTo("503 5.5.1 MAIL transaction in progress");
            assertThat(client.send("STARTTLS now")).isEqualTo("501 5.5.4 Syntax: STARTTLS");
        }
    }

    @Test
    void anImplicitTlsPortSpeaksTlsFromTheFirstByte() throws IOException {
        start(TestServers.settings().mode(SmtpServerSettings.Mode.IMPLICIT_TLS));
        try (RawSmtp client = RawSmtp.connectTls(server.port(), TestServers.clientTls())) {
            assertThat(client.reply()).isEqualTo("220 mx.postject.test ESMTP");
            assertThat(client.send("EHLO client.test"))
                    .contains("AUTH PLAIN LOGIN")
                    .doesNotContain("STARTTLS");
            assertThat(client.send("STARTTLS")).isEqualTo("503 5.5.1 TLS already active");
            assertThat(client.send("AUTH PLAIN " + RawSmtp.plain("app", "s3cret")))
                    .startsWith("235 2.7.0");
        }
        assertThat(handler.calls).startsWith("connected tls");
    }

    @Test
    void aPlaintextClientOnAnImplicitTlsPortGetsNoSmtp() throws IOException {
        start(TestServers.settings().mode(SmtpServerSettings.Mode.IMPLICIT_TLS));
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.write("EHLO client.test\r\n");
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(handler.calls).isEmpty();
    }

    @Test
    void aClientOverTheLimitOnAnImplicitTlsPortReadsThe421OverTls() throws IOException {
        start(TestServers.settings().mode(SmtpServerSettings.Mode.IMPLICIT_TLS).maxSessions(1));
        try (RawSmtp first = RawSmtp.connectTls(server.port(), TestServers.clientTls());
                RawSmtp second = RawSmtp.connectTls(server.port(), TestServers.clientTls())) {
            assertThat(first.reply()).startsWith("220 ");
            assertThat(second.reply()).isEqualTo("421 4.7.0 mx.postject.test Error: too many connections");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateCannotStartTls() throws IOException {
        start(TestServers.settings());
        try (RawSmtp client = RawSmtp.connect(server.port())) {
            client.reply();
            client.send("EHLO client.test");
            client.send("STARTTLS");
            SelfSignedCertificate other = SelfSignedCertificate.generate(
                    "other.test", java.time.Clock.systemUTC(), new java.security.SecureRandom());
            assertThatThrownBy(() -> client.startTls(TestServers.trusting(other.certificate())))
                    .isInstanceOf(SSLException.class);
        }
    }
}
