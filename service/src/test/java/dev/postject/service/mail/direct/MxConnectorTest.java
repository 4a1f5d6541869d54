package dev.postject.service.mail.direct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.SmtpReply;
import dev.postject.service.mail.direct.Opened.Problem;
import dev.postject.service.mail.server.TlsIdentity;
import dev.postject.service.platform.net.Dns;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Opening SMTP sessions to real servers on loopback addresses of their own, named by a real DNS server. */
class MxConnectorTest {
    private static final String HELO = "mta.postject.test";
    private static final byte[] MESSAGE =
            "Subject: hi\r\n\r\nHello\r\n.a line that starts with a dot\r\n".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final TestDns DNS = new TestDns();

    private final DirectSettings settings =
            new DirectSettings().allowPrivate(true).commandTimeoutSeconds(10);
    private final MxConnector connector = new MxConnector(settings, TestCertificates.trustingTestCa());
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private MxTestServer server(InetAddress address, int port, SSLContext tls) {
        MxTestServer server = MxTestServer.start(address, port, tls);
        open.add(server);
        return server;
    }

    private MxSession connected(Opened opened) {
        assertThat(opened).isInstanceOf(Opened.Connected.class);
        MxSession session = ((Opened.Connected) opened).session();
        open.add(session);
        return session;
    }

    private static InetAddress named(String host, InetAddress address) throws Exception {
        return InetAddress.getByAddress(host, address.getAddress());
    }

    @Test
    void whenThePrimaryMailServerRefusesConnectionsTheSecondaryGetsTheSession() {
        MxTestServer secondary = server(MxTestServer.freshLoopback(), 0, null);
        InetAddress dead = MxTestServer.freshLoopback(); // nothing listens there
        DNS.mx("refusing.test", 10, "mx1.refusing.test");
        DNS.mx("refusing.test", 20, "mx2.refusing.test");
        DNS.addresses("mx1.refusing.test", dead.getHostAddress());
        DNS.addresses("mx2.refusing.test", secondary.address().getHostAddress());
        Dns dns = new Dns(List.of("127.0.0.1:" + DNS.port()), Duration.ofSeconds(2));
        MxRoute.Hosts route =
                (MxRoute.Hosts) new MxResolver(dns, settings, new Random(1), List::of).resolve("refusing.test");

        Opened opened = connector.open(
                route.hosts(), secondary.port(), HELO, host -> Optional.of(TlsRequirement.OPPORTUNISTIC));

        MxSession session = connected(opened);
        assertThat(session.host()).isEqualTo("mx2.refusing.test");
        assertThat(session.address().getHostAddress())
                .isEqualTo(secondary.address().getHostAddress());
        assertThat(((Opened.Connected) opened).failedFirst()).singleElement().satisfies(attempt -> {
            assertThat(attempt.host()).isEqualTo("mx1.refusing.test");
            assertThat(attempt.problem()).isEqualTo(Problem.UNREACHABLE);
        });
        assertThat(session.send("app@postject.test", List.of("bob@refusing.test"), MESSAGE))
                .containsEntry("bob@refusing.test", new SmtpReply(250, "2.0.0 Ok: queued as test1"));
        assertThat(secondary.received()).singleElement().satisfies(r -> {
            assertThat(r.recipients()).containsExactly("bob@refusing.test");
            assertThat(r.content()).isEqualTo(new String(MESSAGE, StandardCharsets.US_ASCII));
        });
    }

    @Test
    void aGreetingOf421MovesOnToTheNextAddress() throws Exception {
        MxTestServer busy = server(MxTestServer.freshLoopback(), 0, null)
                .greetWith(new dev.postject.service.mail.server.SmtpReply(421, "4.7.0", "Too busy"));
        MxTestServer calm = server(MxTestServer.freshLoopback(), busy.port(), null);

        Opened opened = connector.open(
                "mx.dest.test",
                List.of(named("mx.dest.test", busy.address()), named("mx.dest.test", calm.address())),
                busy.port(),
                HELO,
                TlsRequirement.OPPORTUNISTIC);

        MxSession session = connected(opened);
        assertThat(session.address().getHostAddress()).isEqualTo(calm.address().getHostAddress());
        assertThat(((Opened.Connected) opened).failedFirst()).singleElement().satisfies(attempt -> {
            assertThat(attempt.problem()).isEqualTo(Problem.REFUSED);
            assertThat(attempt.code()).isEqualTo(421);
            assertThat(attempt.detail()).contains("Too busy");
        });
        assertThat(busy.connections()).isEqualTo(1);
    }

    @Test
    void whenEveryAddressFailsEachAttemptIsReported() throws Exception {
        MxTestServer refusing = server(MxTestServer.freshLoopback(), 0, null)
                .greetWith(new dev.postject.service.mail.server.SmtpReply(554, "5.7.1", "Go away"));

        Opened opened = connector.open(
                "mx.dest.test",
                List.of(named("mx.dest.test", refusing.address()), MxTestServer.freshLoopback()),
                refusing.port(),
                HELO,
                TlsRequirement.OPPORTUNISTIC);

        assertThat(opened).isInstanceOfSatisfying(Opened.Failed.class, failed -> {
            assertThat(failed.attempts())
                    .extracting(Opened.Attempt::problem)
                    .containsExactly(Problem.REFUSED, Problem.UNREACHABLE);
            assertThat(failed.permanent()).isFalse();
        });
        assertThat(connector.open(
                        "mx.dest.test",
                        List.of(named("mx.dest.test", refusing.address())),
                        refusing.port(),
                        HELO,
                        TlsRequirement.OPPORTUNISTIC))
                .isInstanceOfSatisfying(
                        Opened.Failed.class,
                        failed -> assertThat(failed.permanent())
                                .as("every address said 5xx")
                                .isTrue());
    }

    @Test
    void opportunisticTlsEncryptsWithASelfSignedCertificateAndReportsTheTlsVersion() throws Exception {
        TlsIdentity selfSigned = TlsIdentity.selfSigned(
                Files.createTempDirectory("mx-tls").resolve("tls"), "mx1.dest.test", Clock.systemUTC());
        MxTestServer server = server(MxTestServer.freshLoopback(), 0, selfSigned.sslContext());

        MxSession session = connected(connector.open(
                "mx1.dest.test",
                List.of(named("mx1.dest.test", server.address())),
                server.port(),
                HELO,
                TlsRequirement.OPPORTUNISTIC));

        assertThat(session.tls()).hasValueSatisfying(tls -> {
            assertThat(tls.protocol()).isEqualTo("TLSv1.3");
            assertThat(tls.cipherSuite()).startsWith("TLS_");
            assertThat(tls.verified()).isFalse();
        });
        session.send("app@postject.test", List.of("bob@dest.test"), MESSAGE);
        assertThat(server.received())
                .singleElement()
                .extracting(MxTestServer.Received::tlsProtocol)
                .isEqualTo("TLSv1.3");
    }

    @Test
    void opportunisticTlsWhoseHandshakeFailsDeliversInPlaintextOnASecondConnection() throws Exception {
        SSLContext noCertificate = SSLContext.getInstance("TLS");
        noCertificate.init(null, null, null); // offers STARTTLS, cannot complete a handshake
        MxTestServer server = server(MxTestServer.freshLoopback(), 0, noCertificate);

        Opened opened = connector.open(
                "mx.dest.test",
                List.of(named("mx.dest.test", server.address())),
                server.port(),
                HELO,
                TlsRequirement.OPPORTUNISTIC);

        MxSession session = connected(opened);
        assertThat(session.tls()).isEmpty();
        assertThat(((Opened.Connected) opened).failedFirst())
                .singleElement()
                .extracting(Opened.Attempt::problem)
                .isEqualTo(Problem.TLS);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void requiredTlsWithoutStarttlsOfferedFailsAndTheClientSendsNothingButEhloAndQuit() throws Exception {
        MxTestServer plaintextOnly = server(MxTestServer.freshLoopback(), 0, null);

        Opened opened = connector.open(
                "mx1.dest.test",
                List.of(named("mx1.dest.test", plaintextOnly.address())),
                plaintextOnly.port(),
                HELO,
                TlsRequirement.REQUIRED_VERIFIED);

        assertThat(opened)
                .isInstanceOfSatisfying(
                        Opened.Failed.class,
                        failed -> assertThat(failed.attempts())
                                .singleElement()
                                .extracting(Opened.Attempt::problem)
                                .isEqualTo(Problem.NO_STARTTLS));
        assertThat(plaintextOnly.wire()).isEqualTo("EHLO " + HELO + "\r\nQUIT\r\n");
        assertThat(plaintextOnly.received()).isEmpty();
    }

    @Test
    void requiredTlsConnectsWhenTheCertificateIsFromATrustedAuthorityForTheServersName() throws Exception {
        MxTestServer server = server(MxTestServer.freshLoopback(), 0, TestCertificates.server("mx1.dest.test"));

        MxSession session = connected(connector.open(
                "mx1.dest.test",
                List.of(named("mx1.dest.test", server.address())),
                server.port(),
                HELO,
                TlsRequirement.REQUIRED_VERIFIED));

        assertThat(session.tls()).hasValueSatisfying(tls -> {
            assertThat(tls.verified()).isTrue();
            assertThat(tls.protocol()).isIn("TLSv1.3", "TLSv1.2");
        });
        session.send("app@postject.test", List.of("bob@dest.test"), MESSAGE);
        assertThat(server.received())
                .singleElement()
                .extracting(MxTestServer.Received::tlsProtocol)
                .isNotNull();
    }

    @Test
    void requiredTlsRefusesACertificateForAnotherNameAndSendsNoMail() throws Exception {
        MxTestServer server = server(MxTestServer.freshLoopback(), 0, TestCertificates.server("other.dest.test"));

        Opened opened = connector.open(
                "mx1.dest.test",
                List.of(named("mx1.dest.test", server.address())),
                server.port(),
                HELO,
                TlsRequirement.REQUIRED_VERIFIED);

        assertThat(opened)
                .isInstanceOfSatisfying(
                        Opened.Failed.class,
                        failed -> assertThat(failed.attempts()).singleElement().satisfies(a -> {
                            assertThat(a.problem()).isEqualTo(Problem.TLS);
                            assertThat(a.detail()).contains("mx1.dest.test");
                        }));
        assertThat(server.connections())
                .as("no plaintext retry when TLS is required")
                .isEqualTo(1);
        assertThat(server.wire()).startsWith("EHLO " + HELO + "\r\nSTARTTLS\r\n");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void requiredTlsRefusesASelfSignedCertificate() throws Exception {
        TlsIdentity selfSigned = TlsIdentity.selfSigned(
                Files.createTempDirectory("mx-tls").resolve("tls"), "mx1.dest.test", Clock.systemUTC());
        MxTestServer server = server(MxTestServer.freshLoopback(), 0, selfSigned.sslContext());

        Opened opened = connector.open(
                "mx1.dest.test",
                List.of(named("mx1.dest.test", server.address())),
                server.port(),
                HELO,
                TlsRequirement.REQUIRED_VERIFIED);

        assertThat(opened)
                .isInstanceOfSatisfying(
                        Opened.Failed.class,
                        failed -> assertThat(failed.attempts())
                                .singleElement()
                                .extracting(Opened.Attempt::problem)
                                .isEqualTo(Problem.TLS));
    }

    @Test
    void aMailServerAnEnforcedPolicyDoesNotNameIsPassedOverWithoutAConnection() throws Exception {
        MxTestServer unnamed = server(MxTestServer.freshLoopback(), 0, null);
        MxTestServer named =
                server(MxTestServer.freshLoopback(), unnamed.port(), TestCertificates.server("mx1.dest.test"));
        List<MxRoute.MxHost> hosts = List.of(
                new MxRoute.MxHost("rogue.dest.test", 5, List.of(named("rogue.dest.test", unnamed.address()))),
                new MxRoute.MxHost("mx1.dest.test", 10, List.of(named("mx1.dest.test", named.address()))));

        Opened opened = connector.open(
                hosts,
                unnamed.port(),
                HELO,
                host -> host.equals("mx1.dest.test")
                        ? Optional.of(TlsRequirement.REQUIRED_VERIFIED)
                        : Optional.empty()); // what an enforced MTA-STS policy naming only mx1.dest.test answers

        assertThat(connected(opened).host()).isEqualTo("mx1.dest.test");
        assertThat(((Opened.Connected) opened).failedFirst())
                .singleElement()
                .extracting(Opened.Attempt::problem)
                .isEqualTo(Problem.NOT_IN_POLICY);
        assertThat(unnamed.connections()).isZero();
    }
}
