package dev.postject.service.mail.direct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.direct.DirectOutcome.Bounced;
import dev.postject.service.mail.direct.DirectOutcome.Deferred;
import dev.postject.service.mail.direct.DirectOutcome.Delivered;
import dev.postject.service.mail.server.TlsIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Delivering to a domain's mail servers, as its DNS and MTA-STS policy name them. */
class DirectTransportTest {
    static final byte[] MESSAGE = "Subject: hi\r\n\r\nHello\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String FROM = "bounces+x@postject.test";

    @RegisterExtension
    static final TestDns DNS = new TestDns();

    private final Destinations destinations = new Destinations(DNS);

    @AfterEach
    void close() throws Exception {
        destinations.close();
    }

    private static DirectOutcome only(Map<String, DirectOutcome> outcomes) {
        assertThat(outcomes).hasSize(1);
        return outcomes.values().iterator().next();
    }

    @Test
    void whenThePrimaryMxRefusesConnectionsTheSecondaryGetsTheMail() throws Exception {
        String domain = Destinations.domain("refusing");
        destinations.refusing(domain, 10, "mx1." + domain);
        MxTestServer secondary = destinations.mx(domain, 20, "mx2." + domain, null);

        DirectOutcome outcome = only(destinations.transport().send(FROM, List.of("bob@" + domain), MESSAGE));

        assertThat(outcome).isInstanceOfSatisfying(Delivered.class, delivered -> {
            assertThat(delivered.host()).isEqualTo("mx2." + domain);
            assertThat(delivered.address()).isEqualTo(secondary.address());
            assertThat(delivered.tls()).isEqualTo("none");
            assertThat(delivered.reply().code()).isEqualTo(250);
            assertThat(delivered.notes()).anySatisfy(note -> assertThat(note).startsWith("mx1." + domain));
        });
        assertThat(secondary.received()).singleElement().satisfies(r -> {
            assertThat(r.from()).isEqualTo(FROM);
            assertThat(r.recipients()).containsExactly("bob@" + domain);
        });
    }

    @Test
    void aDomainWithoutMxRecordsGetsItsMailAtItsOwnAddress() throws Exception {
        String domain = Destinations.domain("a-only");
        MxTestServer server = destinations.addressOnly(domain);

        DirectOutcome outcome = only(destinations.transport().send(FROM, List.of("bob@" + domain), MESSAGE));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Delivered.class, d -> assertThat(d.host()).isEqualTo(domain));
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aNullMxBouncesAtOnceWithoutAConnection() throws Exception {
        String domain = Destinations.domain("null-mx");
        MxTestServer server = destinations.addressOnly(domain); // would take it, were the null MX ignored
        DNS.mx(domain, 0, ".");

        DirectOutcome outcome = only(destinations.transport().send(FROM, List.of("bob@" + domain), MESSAGE));

        assertThat(outcome)
                .isInstanceOfSatisfying(Bounced.class, b -> assertThat(b.code()).isEqualTo("5.1.10"));
        assertThat(outcome.reply().permanentFailure()).isTrue();
        assertThat(server.connections()).isZero();
    }

    @Test
    void aDomainThatDoesNotExistBounces() throws Exception {
        DirectOutcome outcome =
                only(destinations.transport().send(FROM, List.of("bob@" + Destinations.domain("nowhere")), MESSAGE));

        assertThat(outcome)
                .isInstanceOfSatisfying(Bounced.class, b -> assertThat(b.code()).isEqualTo("5.1.2"));
    }

    @Test
    void aDnsFailureDefersAndTheMailGoesOnceDnsAnswers() throws Exception {
        String domain = Destinations.domain("servfail");
        MxTestServer server = destinations.mx(domain, 10, "mx." + domain, null);
        DirectTransport transport = destinations.transport();
        DNS.fail(domain);

        DirectOutcome first = only(transport.send(FROM, List.of("bob@" + domain), MESSAGE));
        DNS.heal(domain);
        DirectOutcome second = only(transport.send(FROM, List.of("bob@" + domain), MESSAGE));

        assertThat(first).isInstanceOfSatisfying(Deferred.class, d -> {
            assertThat(d.reason()).contains("SERVFAIL");
            assertThat(d.until()).as("DNS trouble is no reason to back off").isNull();
        });
        assertThat(transport.backedOffUntil(domain)).isEmpty();
        assertThat(second).isInstanceOf(Delivered.class);
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void eachRecipientGetsItsOwnVerdictInOneTransaction() throws Exception {
        String domain = Destinations.domain("verdicts");
        MxTestServer server = destinations.mx(domain, 10, "mx." + domain, null);

        Map<String, DirectOutcome> outcomes = destinations
                .transport()
                .send(FROM, List.of("bob@" + domain, "refused@" + domain, "carol@" + domain), MESSAGE);

        assertThat(outcomes.get("bob@" + domain)).isInstanceOf(Delivered.class);
        assertThat(outcomes.get("carol@" + domain)).isInstanceOf(Delivered.class);
        assertThat(outcomes.get("refused@" + domain)).isInstanceOfSatisfying(Bounced.class, b -> {
            assertThat(b.code()).isEqualTo("5.1.1");
            assertThat(b.reply().code()).isEqualTo(550);
        });
        assertThat(server.received())
                .singleElement()
                .satisfies(r -> assertThat(r.recipients()).containsExactly("bob@" + domain, "carol@" + domain));
    }

    @Test
    void starttlsWithASelfSignedCertificateDeliversOverTlsAndSaysWhichVersion() throws Exception {
        String domain = Destinations.domain("self-signed");
        TlsIdentity selfSigned = TlsIdentity.selfSigned(
                Files.createTempDirectory("mx-tls").resolve("tls"), "mx." + domain, Clock.systemUTC());
        MxTestServer server = destinations.mx(domain, 10, "mx." + domain, selfSigned.sslContext());

        DirectOutcome outcome = only(destinations.transport().send(FROM, List.of("bob@" + domain), MESSAGE));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Delivered.class, d -> assertThat(d.tls()).isEqualTo("TLSv1.3"));
        assertThat(server.received())
                .singleElement()
                .extracting(MxTestServer.Received::tlsProtocol)
                .isEqualTo("TLSv1.3");
    }

    @Test
    void anEnforcedMtaStsPolicyWithAnMxOfferingNoStarttlsDefersAndSendsNothingInPlaintext() throws Exception {
        String domain = Destinations.domain("enforce-plain");
        MxTestServer plaintext = destinations.mx(domain, 10, "mx1." + domain, null);
        destinations.mtaSts(domain, "version: STSv1\nmode: enforce\nmx: mx1." + domain + "\nmax_age: 3600\n");

        DirectOutcome outcome = only(destinations.transport().send(FROM, List.of("bob@" + domain), MESSAGE));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Deferred.class, d -> assertThat(d.reason()).contains("does not offer STARTTLS"));
        assertThat(plaintext.wire()).isEqualTo("EHLO " + Destinations.HELO + "\r\nQUIT\r\n");
        assertThat(plaintext.received()).isEmpty();
    }

    @Test
    void anEnforcedMtaStsPolicyDeliversOverVerifiedTlsToTheMxItNamesOnly() throws Exception {
        String domain = Destinations.domain("enforce-valid");
        MxTestServer rogue = destinations.mx(domain, 5, "rogue." + domain, null);
        MxTestServer named = destinations.mx(domain, 10, "mx1." + domain, TestCertificates.server("mx1." + domain));
        destinations.mtaSts(domain, "version: STSv1\nmode: enforce\nmx: mx1." + domain + "\nmax_age: 3600\n");

        DirectOutcome outcome = only(destinations.transport().send(FROM, List.of("bob@" + domain), MESSAGE));

        assertThat(outcome).isInstanceOfSatisfying(Delivered.class, d -> {
            assertThat(d.host()).isEqualTo("mx1." + domain);
            assertThat(d.tls()).isIn("TLSv1.3", "TLSv1.2");
        });
        assertThat(named.received()).hasSize(1);
        assertThat(rogue.connections()).isZero();
    }

    @Test
    void aTestingMtaStsPolicyDeliversAndNotesTheTlsThatWouldHaveFailed() throws Exception {
        String domain = Destinations.domain("testing");
        MxTestServer plaintext = destinations.mx(domain, 10, "mx1." + domain, null);
        destinations.mtaSts(domain, "version: STSv1\nmode: testing\nmx: mx1." + domain + "\nmax_age: 3600\n");

        DirectOutcome outcome = only(destinations.transport().send(FROM, List.of("bob@" + domain), MESSAGE));

        assertThat(outcome).isInstanceOfSatisfying(Delivered.class, d -> {
            assertThat(d.tls()).isEqualTo("none");
            assertThat(d.notes())
                    .anySatisfy(note ->
                            assertThat(note).startsWith("MTA-STS (testing)").contains("STARTTLS"));
        });
        assertThat(plaintext.received()).hasSize(1);
    }
}
