package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.direct.HangingServer;
import dev.postject.service.mail.direct.MxTestServer;
import dev.postject.service.mail.direct.TestCertificates;
import dev.postject.service.mail.server.SmtpReply;
import dev.postject.service.mail.server.TlsIdentity;
import io.dropwizard.testing.ConfigOverride;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Postject delivering straight to recipients' mail servers ({@code POSTJECT_DELIVERY=direct}),
 * through the whole app: real SMTP servers on loopback addresses of their own, named by a test DNS,
 * MTA-STS policies over HTTPS; each email's timeline says which server took it, over which TLS.
 */
class DirectDeliveryTest {
    @RegisterExtension
    @Order(1)
    static final TestDns DNS = new TestDns();

    @RegisterExtension
    @Order(2)
    static final MailServers SERVERS = new MailServers(DNS);

    @RegisterExtension
    @Order(3)
    static final PostjectApp APP = PostjectApp.onTestDatabase(
            ConfigOverride.config("delivery.mode", "direct"),
            ConfigOverride.config("dns.servers", () -> "127.0.0.1:" + DNS.port()),
            ConfigOverride.config("direct.port", () -> Integer.toString(SERVERS.port())),
            ConfigOverride.config("direct.mtaStsPort", () -> Integer.toString(SERVERS.policyPort())),
            ConfigOverride.config("direct.allowPrivate", "true"),
            ConfigOverride.config("direct.heloName", "mta.postject.test"),
            ConfigOverride.config("direct.connectTimeoutSeconds", "2"),
            ConfigOverride.config("direct.commandTimeoutSeconds", "30"),
            ConfigOverride.config("direct.concurrency", "4"));

    private static final String SENDING_DOMAIN = "sender-direct.test";
    private static ProductionAccounts.Account account;

    @BeforeAll
    static void productionAccount() throws Exception {
        SERVERS.trustOnlyTheJvmDefault(); // the app took the test CA's trust when it started
        String inbox = MailServers.domain("inbox");
        MxTestServer inboxServer = SERVERS.mx(inbox, 10, "mx." + inbox, null);
        account = ProductionAccounts.open(
                APP.api(),
                DNS,
                "owner@direct.test",
                SENDING_DOMAIN,
                "tester@" + inbox,
                to -> inboxServer.received().size(),
                to -> inboxServer
                        .received()
                        .get(inboxServer.received().size() - 1)
                        .content());
    }

    private static String send(String... to) {
        Api.Reply reply = APP.api()
                .post(
                        "/v1/emails",
                        account.key(),
                        Api.json(Map.of(
                                "from", "app@" + SENDING_DOMAIN, "to", List.of(to), "subject", "Hello", "text", "Hi")));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        return reply.json().get("id").asText();
    }

    private static JsonNode email(String id) {
        return APP.api().get("/v1/emails/" + id, account.key()).json();
    }

    private static JsonNode awaitStatus(String id, String status) {
        JsonNode[] email = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            email[0] = email(id);
            assertThat(email[0].get("status").asText()).as(email[0].toString()).isEqualTo(status);
        });
        return email[0];
    }

    /** The detail of the email's last event of this type. */
    private static String detail(JsonNode email, String type) {
        List<String> details = new ArrayList<>();
        email.get("events").forEach(e -> {
            if (e.get("type").asText().equals(type)) {
                details.add(e.get("detail").asText());
            }
        });
        assertThat(details).as(email.toString()).isNotEmpty();
        return details.get(details.size() - 1);
    }

    private static List<String> suppressed() {
        List<String> addresses = new ArrayList<>();
        APP.api()
                .get("/v1/suppressions?limit=100", account.key())
                .json()
                .get("data")
                .forEach(s -> addresses.add(s.get("email").asText()));
        return addresses;
    }

    @Test
    void whenThePrimaryMxRefusesConnections_theSecondaryGetsTheMail_andTheTimelineNamesIt() {
        String domain = MailServers.domain("refusing");
        SERVERS.refusing(domain, 10, "mx1." + domain);
        MxTestServer secondary = SERVERS.mx(domain, 20, "mx2." + domain, null);

        String id = send("bob@" + domain);

        JsonNode delivered = awaitStatus(id, "delivered");
        assertThat(detail(delivered, "delivered"))
                .contains("250")
                .contains("by mx2." + domain + " [" + secondary.address().getHostAddress() + "]")
                .contains("no TLS")
                .contains("mx1." + domain);
        assertThat(secondary.received()).singleElement().satisfies(r -> {
            assertThat(r.from()).isEqualTo("app@" + SENDING_DOMAIN);
            assertThat(r.recipients()).containsExactly("bob@" + domain);
        });
    }

    @Test
    void aDomainWithoutMx_getsItsMailAtItsOwnAddress() {
        String domain = MailServers.domain("a-only");
        MxTestServer server = SERVERS.addressOnly(domain);

        JsonNode delivered = awaitStatus(send("bob@" + domain), "delivered");

        assertThat(detail(delivered, "delivered")).contains("by " + domain + " [");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void recipientsAtOneDomain_getOneTransaction() {
        String domain = MailServers.domain("grouped");
        MxTestServer server = SERVERS.mx(domain, 10, "mx." + domain, null);

        awaitStatus(send("ann@" + domain, "bob@" + domain), "delivered");

        assertThat(server.received())
                .singleElement()
                .satisfies(r -> assertThat(r.recipients()).containsExactlyInAnyOrder("ann@" + domain, "bob@" + domain));
    }

    /** The bounce of the email's only recipient: "type/subtype status". */
    private static String bounce(JsonNode email) {
        JsonNode bounce = email.get("recipients").get(0).get("bounce");
        assertThat(bounce.get("asynchronous").asBoolean()).isFalse();
        return bounce.get("bounceType").asText() + "/" + bounce.get("subtype").asText() + " "
                + bounce.get("status").asText();
    }

    @Test
    void aNullMx_bouncesAtOnce_withoutAConnection_asAHardBounce_andSuppressesTheAddress() {
        String domain = MailServers.domain("null-mx");
        MxTestServer server = SERVERS.addressOnly(domain); // would take it, were the null MX ignored
        DNS.mx(domain, 0, ".");

        JsonNode bounced = awaitStatus(send("bob@" + domain), "bounced");

        assertThat(server.connections()).isZero();
        assertThat(bounce(bounced)).isEqualTo("hard/domain_unknown 5.1.10");
        await().atMost(Duration.ofSeconds(10)).until(() -> suppressed().contains("bob@" + domain));
    }

    @Test
    void aDomainThatDoesNotExist_bounces_asAHardBounce() {
        String domain = MailServers.domain("nxdomain");

        JsonNode bounced = awaitStatus(send("bob@" + domain), "bounced");

        assertThat(detail(bounced, "bounced")).startsWith("550");
        assertThat(bounce(bounced)).isEqualTo("hard/domain_unknown 5.1.2");
        await().atMost(Duration.ofSeconds(10)).until(() -> suppressed().contains("bob@" + domain));
    }

    @Test
    void aMailServerRefusingAnUnknownMailbox_isAHardBounce_thatSuppressesTheAddress() {
        String domain = MailServers.domain("unknown-user");
        SERVERS.mx(domain, 10, "mx." + domain, null);

        JsonNode bounced = awaitStatus(send("refused-ann@" + domain), "bounced");

        assertThat(bounce(bounced)).isEqualTo("hard/mailbox_unknown 5.1.1");
        await().atMost(Duration.ofSeconds(10)).until(() -> suppressed().contains("refused-ann@" + domain));
    }

    @Test
    void aResolverFailure_defers_andTheMailIsDeliveredOnceDnsAnswers() {
        String domain = MailServers.domain("servfail");
        MxTestServer server = SERVERS.mx(domain, 10, "mx." + domain, null);
        DNS.fail(domain);

        String id = send("bob@" + domain);
        awaitStatus(id, "deferred");
        assertThat(server.connections()).isZero();
        DNS.heal(domain);
        APP.clock().advance(Duration.ofSeconds(61));

        awaitStatus(id, "delivered");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aDestinationAnswering421_isBackedOff_whileAnotherDestinationsMailFlows() {
        String busy = MailServers.domain("busy");
        String calm = MailServers.domain("calm");
        MxTestServer busyServer = SERVERS.mx(busy, 10, "mx." + busy, null)
                .greetWith(new SmtpReply(421, "4.7.0", "Too many connections, try later"));
        MxTestServer calmServer = SERVERS.mx(calm, 10, "mx." + calm, null);

        String first = send("ann@" + busy);
        assertThat(detail(awaitStatus(first, "deferred"), "deferred")).contains("421");
        int tries = busyServer.connections();
        String second = send("bob@" + busy);
        String flowing = send("carol@" + calm);

        awaitStatus(flowing, "delivered");
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> busyServer.connections() == tries
                        && email(second).get("status").asText().equals("queued"));
        assertThat(calmServer.received()).hasSize(1);

        busyServer.greetWith(null);
        APP.clock().advance(Duration.ofSeconds(61));
        awaitStatus(first, "delivered");
        awaitStatus(second, "delivered");
    }

    @Test
    void aDestinationThatHangs_holdsOnlyItsShareOfTheWorkers() throws Exception {
        String dead = MailServers.domain("dead");
        String live = MailServers.domain("live");
        try (HangingServer hanging = SERVERS.hanging(dead)) {
            MxTestServer liveServer = SERVERS.mx(live, 10, "mx." + live, null);
            for (int i = 0; i < 6; i++) {
                send("r" + i + "@" + dead);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> hanging.connections() >= 1);

            String flowing = send("x@" + live);

            awaitStatus(flowing, "delivered");
            assertThat(liveServer.received()).hasSize(1);
            assertThat(hanging.connections()).isLessThanOrEqualTo(2); // 4 workers, half per destination
        }
    }

    @Test
    void anotherDestinationsCopyOfTheSameEmail_neverWaitsBehindADestinationThatHangs() throws Exception {
        String dead = MailServers.domain("dead-beside");
        String live = MailServers.domain("live-beside");
        try (HangingServer hanging = SERVERS.hanging(dead)) {
            MxTestServer liveServer = SERVERS.mx(live, 10, "mx." + live, null);

            // each email's rows are leased together, whichever destination comes first
            Map<String, String> sent = Map.of(
                    send("r1@" + dead, "x1@" + live), "x1@" + live,
                    send("x2@" + live, "r2@" + dead), "x2@" + live);

            sent.forEach((id, recipient) -> await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(email(id).get("events")).anySatisfy(e -> {
                        assertThat(e.get("type").asText()).isEqualTo("delivered");
                        assertThat(e.get("recipient").asText()).isEqualTo(recipient);
                    })));
            assertThat(liveServer.received()).hasSize(2);
            assertThat(hanging.connections()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void starttlsWithASelfSignedCertificate_deliversOverTls_andTheTimelineSaysWhichVersion() throws Exception {
        String domain = MailServers.domain("self-signed");
        TlsIdentity selfSigned = TlsIdentity.selfSigned(
                Files.createTempDirectory("mx-tls").resolve("tls"), "mx." + domain, Clock.systemUTC());
        MxTestServer server = SERVERS.mx(domain, 10, "mx." + domain, selfSigned.sslContext());

        JsonNode delivered = awaitStatus(send("bob@" + domain), "delivered");

        assertThat(detail(delivered, "delivered"))
                .containsPattern("by mx\\." + domain.replace(".", "\\.") + " \\[[0-9.]+\\], TLSv1\\.[23]");
        assertThat(server.received())
                .singleElement()
                .satisfies(r -> assertThat(r.tlsProtocol()).startsWith("TLSv1."));
    }

    @Test
    void mtaStsEnforce_withAnMxOfferingNoStarttls_defers_andSendsNothingInPlaintext() {
        String domain = "enforce-plain.test";
        MxTestServer server = SERVERS.mx(domain, 10, "mx." + domain, null);
        SERVERS.mtaSts(domain, "version: STSv1\nmode: enforce\nmx: mx." + domain + "\nmax_age: 86400\n");

        JsonNode deferred = awaitStatus(send("bob@" + domain), "deferred");

        assertThat(detail(deferred, "deferred")).contains("STARTTLS");
        assertThat(server.received()).isEmpty();
        assertThat(server.wire()).doesNotContain("MAIL FROM").doesNotContain("RCPT TO");
    }

    @Test
    void mtaStsEnforce_withAValidCertificate_delivers() {
        String domain = "enforce-verified.test";
        MxTestServer server = SERVERS.mx(domain, 10, "mx." + domain, TestCertificates.server("mx." + domain));
        SERVERS.mtaSts(domain, "version: STSv1\nmode: enforce\nmx: mx." + domain + "\nmax_age: 86400\n");

        JsonNode delivered = awaitStatus(send("bob@" + domain), "delivered");

        assertThat(detail(delivered, "delivered")).contains("by mx." + domain).contains("TLSv1.");
        assertThat(server.received())
                .singleElement()
                .satisfies(r -> assertThat(r.tlsProtocol()).startsWith("TLSv1."));
    }
}
