package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.app.Api.Session;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The local path to a verified domain: with {@code POSTJECT_DEV_DNS_PORT}, Postject serves the
 * records it asks for on a loopback port (UDP and TCP) and verifies against it, with no DNS host
 * and no restart after adding a domain.
 */
class DevDnsTest {
    private static final int PORT = freePort();

    @RegisterExtension
    static final PostjectApp APP =
            PostjectApp.onTestDatabase(ConfigOverride.config("dns.devPort", Integer.toString(PORT)));

    private static int freePort() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; ; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
                    ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()));
                return udp.getLocalPort();
            } catch (IOException e) {
                if (attempt == 10) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static String keyFor(String email) {
        Session session = APP.api().signUp(email);
        return APP.api().createKey(session.token(), "{}").get("key").asText();
    }

    private static Message ask(String name, int type, boolean tcp) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT));
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }

    private static List<String> txt(Message answer) {
        List<String> values = new ArrayList<>();
        for (Record record : answer.getSection(Section.ANSWER)) {
            values.add(String.join("", ((TXTRecord) record).getStrings()));
        }
        return values;
    }

    @Test
    void aDomainJustAdded_verifies_againstTheDevelopmentDns() {
        String key = keyFor("dev-dns@example.com");
        Reply added = APP.api().post("/v1/domains", key, Api.json(Map.of("name", "mail.dev-dns.test")));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);

        Reply verified = APP.api().post("/v1/domains/" + added.json().get("id").asText() + "/verify", key, "");

        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        JsonNode body = verified.json();
        assertThat(body.get("status").asText()).isEqualTo("verified");
        for (String check : List.of("ownership", "dkim", "spf")) {
            assertThat(body.get("checks").get(check).asText()).as(check).isEqualTo("pass");
        }
    }

    @Test
    void itAnswersTheRecordsPostjectAskedFor_overUdpAndTcp_andNxdomainForAnyOtherName() throws IOException {
        String key = keyFor("dev-dns-records@example.com");
        JsonNode domain = APP.api()
                .post("/v1/domains", key, Api.json(Map.of("name", "records.dev-dns.test")))
                .json();
        for (JsonNode record : domain.get("records")) {
            String name = record.get("name").asText();
            assertThat(txt(ask(name, Type.TXT, false)))
                    .as("UDP " + name)
                    .contains(record.get("value").asText());
            assertThat(txt(ask(name, Type.TXT, true)))
                    .as("TCP " + name)
                    .contains(record.get("value").asText());
        }

        assertThat(ask("unknown.dev-dns.test", Type.TXT, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ask("_postject.unknown.dev-dns.test", Type.TXT, true).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
        Message address = ask("records.dev-dns.test", Type.A, false);
        assertThat(address.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(address.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void theDevelopmentDns_isRefusedAtStart_besideARealSmtpRelay() throws Exception {
        ChildJvm.Result check = ChildJvm.run(
                Map.of("POSTJECT_DEV_DNS_PORT", "5353", "POSTJECT_SMTP_HOST", "smtp.example.com"),
                "check",
                PostjectApp.CONFIG);

        assertThat(check.exitCode()).isNotZero();
        assertThat(check.output()).contains("POSTJECT_DEV_DNS_PORT").contains("POSTJECT_SMTP_HOST");
    }
}
