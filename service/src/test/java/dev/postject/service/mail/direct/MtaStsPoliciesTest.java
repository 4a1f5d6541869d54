package dev.postject.service.mail.direct;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.postject.service.app.MutableClock;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.direct.MtaStsPolicy.Mode;
import dev.postject.service.platform.net.Dns;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MTA-STS policies fetched from a real HTTPS server with a certificate from the tests' own authority. */
class MtaStsPoliciesTest {
    private static final String POLICY = "version: STSv1\r\nmode: enforce\r\nmx: mx1.%s\r\nmax_age: 3600\r\n";

    @RegisterExtension
    static final TestDns DNS = new TestDns();

    private final MutableClock clock = new MutableClock();
    private final String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String contentType = "text/plain; charset=utf-8";
    private volatile String body = POLICY.formatted(domain);
    private volatile Map<String, String> headers = Map.of();
    private HttpsServer server;
    private MtaStsPolicies policies;

    private MtaStsPolicies start(SSLContext certificate, boolean allowPrivate) throws Exception {
        return start(certificate, allowPrivate, 100);
    }

    private MtaStsPolicies start(SSLContext certificate, boolean allowPrivate, int cacheSize) throws Exception {
        server = HttpsServer.create(new InetSocketAddress(MxTestServer.freshLoopback(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate));
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Host"));
            headers.forEach(exchange.getResponseHeaders()::add);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException e) {
                // the client stopped reading
            }
        });
        server.start();
        DNS.addresses("mta-sts." + domain, server.getAddress().getAddress().getHostAddress());
        DNS.publish("_mta-sts." + domain, "v=STSv1; id=first;");
        Dns dns = new Dns(List.of("127.0.0.1:" + DNS.port()), Duration.ofMillis(500));
        DirectSettings settings = new DirectSettings()
                .allowPrivate(allowPrivate)
                .mtaStsPort(server.getAddress().getPort())
                .mtaStsCacheSize(cacheSize);
        policies = new MtaStsPolicies(dns, settings, clock, TestCertificates.trustingTestCa());
        policies.start();
        return policies;
    }

    private MtaStsPolicies start() throws Exception {
        return start(TestCertificates.server("mta-sts." + domain), true);
    }

    @AfterEach
    void stop() throws Exception {
        if (policies != null) {
            policies.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private void announce(String id) {
        DNS.unpublish("_mta-sts." + domain);
        DNS.publish("_mta-sts." + domain, "v=STSv1; id=" + id + ";");
    }

    @Test
    void thePolicyTheTxtRecordAnnouncesIsFetchedOverHttps() throws Exception {
        MtaStsPolicy policy = start().policyFor(domain);

        assertThat(policy.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(policy.id()).isEqualTo("first");
        assertThat(policy.matches("mx1." + domain)).isTrue();
        assertThat(policy.maxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(requests)
                .containsExactly("/.well-known/mta-sts.txt mta-sts." + domain + ":"
                        + server.getAddress().getPort());
    }

    @Test
    void aPolicyIsKeptForItsMaxAgeAndFetchedAgainAfterwards() throws Exception {
        start().policyFor(domain);
        policies.policyFor(domain);
        clock.advance(Duration.ofMinutes(59));
        assertThat(policies.policyFor(domain).mode()).isEqualTo(Mode.ENFORCE);
        assertThat(requests).hasSize(1);

        clock.advance(Duration.ofMinutes(2));
        assertThat(policies.policyFor(domain).mode()).isEqualTo(Mode.ENFORCE);
        assertThat(requests).hasSize(2);
    }

    @Test
    void aNewIdInTheTxtRecordFetchesThePolicyAgain() throws Exception {
        start().policyFor(domain);
        body = "version: STSv1\nmode: testing\nmx: mx1." + domain + "\nmax_age: 3600\n";
        announce("second");

        MtaStsPolicy policy = policies.policyFor(domain);

        assertThat(policy.id()).isEqualTo("second");
        assertThat(policy.mode()).isEqualTo(Mode.TESTING);
        assertThat(requests).hasSize(2);
    }

    @Test
    void aCachedPolicyOutlivesAFailedFetchAMissingTxtRecordAndAFailingDnsUntilItExpires() throws Exception {
        start().policyFor(domain);
        status = 500;
        announce("second");
        assertThat(policies.policyFor(domain).id()).as("fetch failed").isEqualTo("first");

        DNS.unpublish("_mta-sts." + domain);
        assertThat(policies.policyFor(domain).id()).as("TXT record gone").isEqualTo("first");

        DNS.fail(domain);
        assertThat(policies.policyFor(domain).id()).as("DNS failing").isEqualTo("first");
        DNS.heal(domain);

        clock.advance(Duration.ofMinutes(61));
        assertThat(policies.policyFor(domain)).isEqualTo(MtaStsPolicy.none());
    }

    @Test
    void aFailedFetchIsNotRepeatedForEachMessage() throws Exception {
        status = 404;
        assertThat(start().policyFor(domain)).isEqualTo(MtaStsPolicy.none());
        assertThat(policies.policyFor(domain)).isEqualTo(MtaStsPolicy.none());
        assertThat(requests).hasSize(1);

        clock.advance(Duration.ofMinutes(6));
        status = 200;
        assertThat(policies.policyFor(domain).mode()).isEqualTo(Mode.ENFORCE);
        assertThat(requests).hasSize(2);
    }

    @Test
    void aDomainWithoutTheTxtRecordHasNoPolicyAndNothingIsFetched() throws Exception {
        start();
        DNS.unpublish("_mta-sts." + domain);

        assertThat(policies.policyFor(domain)).isEqualTo(MtaStsPolicy.none());
        assertThat(requests).isEmpty();
    }

    @Test
    void theCacheHoldsAtMostTheConfiguredNumberOfDomains() throws Exception {
        String other = "other-" + domain;
        start(TestCertificates.server("mta-sts." + domain, "mta-sts." + other), true, 1);
        DNS.addresses("mta-sts." + other, server.getAddress().getAddress().getHostAddress());
        DNS.publish("_mta-sts." + other, "v=STSv1; id=first;");

        policies.policyFor(domain);
        policies.policyFor(other);
        policies.policyFor(domain);

        assertThat(requests).hasSize(3);
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        status = 301;
        headers = Map.of("Location", "https://elsewhere.test/.well-known/mta-sts.txt");

        assertThat(start().policyFor(domain)).isEqualTo(MtaStsPolicy.none());
        assertThat(requests).hasSize(1);
    }

    @Test
    void aPolicyServedAsAnythingButTextPlainIsRefused() throws Exception {
        contentType = "text/html";

        assertThat(start().policyFor(domain)).isEqualTo(MtaStsPolicy.none());
    }

    @Test
    void aPolicyOver64KilobytesIsRefused() throws Exception {
        body = POLICY.formatted(domain) + ("x_padding: " + "x".repeat(100) + "\n").repeat(700);

        assertThat(start().policyFor(domain)).isEqualTo(MtaStsPolicy.none());
    }

    @Test
    void anInvalidPolicyCountsAsNone() throws Exception {
        body = "version: STSv1\nmode: enforce\nmax_age: 3600\n"; // no mx

        assertThat(start().policyFor(domain)).isEqualTo(MtaStsPolicy.none());
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        assertThat(start(TestCertificates.server("mta-sts.other.test"), true).policyFor(domain))
                .isEqualTo(MtaStsPolicy.none());
        assertThat(requests).isEmpty();
    }

    @Test
    void aPolicyHostAtAPrivateAddressIsNotAskedUnlessPrivateTargetsAreAllowed() throws Exception {
        assertThat(start(TestCertificates.server("mta-sts." + domain), false).policyFor(domain))
                .isEqualTo(MtaStsPolicy.none());
        assertThat(requests).isEmpty();
    }
}
