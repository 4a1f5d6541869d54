package dev.postject.service.mail.direct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.direct.DirectSettings.AddressPreference;
import dev.postject.service.mail.direct.MxRoute.MxHost;
import dev.postject.service.platform.net.Dns;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Finding a domain's mail servers through a real DNS server that answers as the tests publish. */
class MxResolverTest {
    @RegisterExtension
    static final TestDns DNS = new TestDns();

    private final DirectSettings settings = new DirectSettings().allowPrivate(true);

    private MxResolver resolver(long seed) {
        return new MxResolver(dns(), settings, new Random(seed), List::of);
    }

    private static Dns dns() {
        return new Dns(List.of("127.0.0.1:" + DNS.port()), Duration.ofMillis(500));
    }

    /** A domain name no other test publishes anything under. */
    private static String domain() {
        return "d" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    private static List<String> names(MxRoute route) {
        assertThat(route).isInstanceOf(MxRoute.Hosts.class);
        return ((MxRoute.Hosts) route).hosts().stream().map(MxHost::name).toList();
    }

    private static List<String> addresses(MxRoute route, int host) {
        return ((MxRoute.Hosts) route)
                .hosts().get(host).addresses().stream()
                        .map(InetAddress::getHostAddress)
                        .toList();
    }

    @Test
    void mxRecordsComeInOrderOfPreference() {
        String d = domain();
        DNS.mx(d, 20, "backup." + d);
        DNS.mx(d, 5, "mx1." + d);
        DNS.mx(d, 10, "mx2." + d);
        DNS.addresses("mx1." + d, "127.0.0.2");
        DNS.addresses("mx2." + d, "127.0.0.3");
        DNS.addresses("backup." + d, "127.0.0.4");

        MxRoute route = resolver(1).resolve(d);

        assertThat(names(route)).containsExactly("mx1." + d, "mx2." + d, "backup." + d);
        assertThat(((MxRoute.Hosts) route).hosts())
                .extracting(MxHost::preference)
                .containsExactly(5, 10, 20);
        assertThat(addresses(route, 0)).containsExactly("127.0.0.2");
        assertThat(((MxRoute.Hosts) route).hosts().get(0).addresses().get(0).getHostName())
                .as("each address carries its host's name")
                .isEqualTo("mx1." + d);
    }

    @Test
    void mxRecordsOfEqualPreferenceComeInTheOrderTheRandomSourceGives() {
        String d = domain();
        for (String host : List.of("a", "b", "c", "d")) {
            DNS.mx(d, 10, host + "." + d);
            DNS.addresses(host + "." + d, "127.0.0.2");
        }
        DNS.mx(d, 20, "z." + d);
        DNS.addresses("z." + d, "127.0.0.3");

        Set<List<String>> orders = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            List<String> order = names(resolver(seed).resolve(d));
            assertThat(order.subList(0, 4)).containsExactlyInAnyOrder("a." + d, "b." + d, "c." + d, "d." + d);
            assertThat(order.get(4)).isEqualTo("z." + d);
            orders.add(order);
        }
        assertThat(orders).as("shuffled, not always the same").hasSizeGreaterThan(5);
        assertThat(names(resolver(7).resolve(d))).isEqualTo(names(resolver(7).resolve(d)));
    }

    @Test
    void aDomainWithoutMxRecordsIsItsOwnMailServer() {
        String d = domain();
        DNS.addresses(d, "127.0.0.5", "::1");

        MxRoute route = resolver(1).resolve(d);

        assertThat(names(route)).containsExactly(d);
        assertThat(((MxRoute.Hosts) route).hosts().get(0).preference()).isZero();
        assertThat(addresses(route, 0)).containsExactly("127.0.0.5", "0:0:0:0:0:0:0:1");
    }

    @Test
    void aNullMxIsAPermanentFailureSayingTheDomainAcceptsNoMail() {
        String d = domain();
        DNS.mx(d, 0, ".");
        DNS.addresses(d, "127.0.0.5");

        assertThat(resolver(1).resolve(d)).isInstanceOfSatisfying(MxRoute.Permanent.class, permanent -> {
            assertThat(permanent.code()).isEqualTo("5.1.10");
            assertThat(permanent.reason()).contains("accepts no mail");
        });
    }

    @Test
    void aNullMxBesideRealMxRecordsIsIgnored() {
        String d = domain();
        DNS.mx(d, 0, ".");
        DNS.mx(d, 10, "mx." + d);
        DNS.addresses("mx." + d, "127.0.0.2");

        assertThat(names(resolver(1).resolve(d))).containsExactly("mx." + d);
    }

    @Test
    void aDomainThatDoesNotExistIsAPermanentFailure() {
        assertThat(resolver(1).resolve(domain())).isInstanceOfSatisfying(MxRoute.Permanent.class, permanent -> {
            assertThat(permanent.code()).isEqualTo("5.1.2");
            assertThat(permanent.reason()).contains("does not exist");
        });
    }

    @Test
    void aNameThatIsNoDomainIsAPermanentFailureWithoutAQuery() {
        assertThat(resolver(1).resolve("bad_domain..test")).isInstanceOfSatisfying(MxRoute.Permanent.class, p -> {
            assertThat(p.code()).isEqualTo("5.1.2");
        });
        assertThat(resolver(1).resolve("-leading.test")).isInstanceOf(MxRoute.Permanent.class);
    }

    @Test
    void aServfailIsATemporaryFailure() {
        String d = domain();
        DNS.mx(d, 10, "mx." + d);
        DNS.fail(d);

        assertThat(resolver(1).resolve(d))
                .isInstanceOfSatisfying(
                        MxRoute.Temporary.class, t -> assertThat(t.reason()).contains("SERVFAIL"));
    }

    @Test
    void aRefusedQueryIsATemporaryFailure() {
        String d = domain();
        DNS.refuse(d);

        assertThat(resolver(1).resolve(d))
                .isInstanceOfSatisfying(
                        MxRoute.Temporary.class, t -> assertThat(t.reason()).contains("REFUSED"));
    }

    @Test
    void aResolverThatNeverAnswersIsATemporaryFailure() {
        String d = domain();
        DNS.ignore(d);

        assertThat(resolver(1).resolve(d)).isInstanceOf(MxRoute.Temporary.class);
    }

    @Test
    void aMailServerWhoseAddressLookupFailsIsSkippedForTheNextOne() {
        String d = domain();
        DNS.mx(d, 10, "mx1.broken-" + d);
        DNS.mx(d, 20, "mx2." + d);
        DNS.fail("broken-" + d);
        DNS.addresses("mx2." + d, "127.0.0.3");

        MxRoute route = resolver(1).resolve(d);

        assertThat(names(route)).containsExactly("mx2." + d);
        assertThat(((MxRoute.Hosts) route).skipped()).singleElement().asString().contains("mx1.broken-" + d);
    }

    @Test
    void mailServersWhoseLookupsAllFailAreATemporaryFailure() {
        String d = domain();
        DNS.mx(d, 10, "mx.broken-" + d);
        DNS.fail("broken-" + d);

        assertThat(resolver(1).resolve(d)).isInstanceOf(MxRoute.Temporary.class);
    }

    @Test
    void mailServersWithoutAnyAddressArePermanentlyUnreachable() {
        String d = domain();
        DNS.mx(d, 10, "nowhere." + d);

        assertThat(resolver(1).resolve(d))
                .isInstanceOfSatisfying(
                        MxRoute.Permanent.class, p -> assertThat(p.code()).isEqualTo("5.4.4"));
    }

    @Test
    void cnamesAreFollowedForTheDomainAndForItsMailServers() {
        String d = domain();
        DNS.cname(d, "alias." + d);
        DNS.mx("alias." + d, 10, "mx." + d);
        DNS.cname("mx." + d, "real-mx." + d);
        DNS.cname("real-mx." + d, "realer-mx." + d);
        DNS.addresses("realer-mx." + d, "127.0.0.6");

        MxRoute route = resolver(1).resolve(d);

        assertThat(names(route)).containsExactly("mx." + d);
        assertThat(addresses(route, 0)).containsExactly("127.0.0.6");
    }

    @Test
    void aCnameLoopEndsAsATemporaryFailureInsteadOfRunningForever() {
        String d = domain();
        DNS.cname(d, "a." + d);
        DNS.cname("a." + d, "b." + d);
        DNS.cname("b." + d, d);

        assertThat(resolver(1).resolve(d))
                .isInstanceOfSatisfying(
                        MxRoute.Temporary.class, t -> assertThat(t.reason()).contains("loops"));
        assertThat(DNS.queries(d, "MX")).isLessThanOrEqualTo(2);
    }

    @Test
    void ipv4AddressesComeFirstByDefaultAndIpv6FirstWhenSoSet() {
        String d = domain();
        DNS.addresses(d, "::1", "127.0.0.7");

        assertThat(addresses(resolver(1).resolve(d), 0)).containsExactly("127.0.0.7", "0:0:0:0:0:0:0:1");
        settings.addressPreference(AddressPreference.IPV6_FIRST);
        assertThat(addresses(resolver(1).resolve(d), 0)).containsExactly("0:0:0:0:0:0:0:1", "127.0.0.7");
    }

    @Test
    void ipv4OnlyNeverAsksForIpv6Addresses() {
        String d = domain();
        DNS.addresses(d, "::1", "127.0.0.7");
        settings.addressPreference(AddressPreference.IPV4_ONLY);

        assertThat(addresses(resolver(1).resolve(d), 0)).containsExactly("127.0.0.7");
        assertThat(DNS.queries(d, "AAAA")).isZero();
    }

    @Test
    void anInternationalizedDomainIsLookedUpInALabels() {
        DNS.addresses("xn--bcher-kva.test", "127.0.0.8");

        assertThat(names(resolver(1).resolve("Bücher.test"))).containsExactly("xn--bcher-kva.test");
    }

    @Test
    void atMostTheConfiguredNumberOfMailServersAndAddressesAreKept() {
        String d = domain();
        for (int i = 0; i < 15; i++) {
            DNS.mx(d, i, "mx" + i + "." + d);
            DNS.addresses(
                    "mx" + i + "." + d, "127.0.1.1", "127.0.1.2", "127.0.1.3", "127.0.1.4", "127.0.1.5", "127.0.1.6");
        }

        MxRoute route = resolver(1).resolve(d);

        assertThat(names(route)).hasSize(10).first().isEqualTo("mx0." + d);
        assertThat(addresses(route, 0)).hasSize(5);
    }

    @Test
    void privateAndOwnAddressesAreLeftOutUnlessPrivateTargetsAreAllowed() throws Exception {
        String d = domain();
        DNS.mx(d, 10, "inside." + d);
        DNS.mx(d, 20, "outside." + d);
        DNS.addresses("inside." + d, "10.1.2.3", "127.0.0.1");
        DNS.addresses("outside." + d, "8.8.4.4", "9.9.9.9");
        settings.allowPrivate(false);
        InetAddress own = InetAddress.getByName("9.9.9.9");
        MxResolver strict = new MxResolver(dns(), settings, new Random(1), () -> List.of(own));

        MxRoute route = strict.resolve(d);

        assertThat(names(route)).containsExactly("outside." + d);
        assertThat(addresses(route, 0)).containsExactly("8.8.4.4");
        assertThat(((MxRoute.Hosts) route).skipped())
                .singleElement()
                .asString()
                .contains("10.1.2.3 is in 10.0.0.0/8", "127.0.0.1 is in 127.0.0.0/8");

        DNS.addresses("inside-only." + d, "192.168.1.1");
        assertThat(strict.resolve("inside-only." + d))
                .isInstanceOfSatisfying(
                        MxRoute.Permanent.class, p -> assertThat(p.code()).isEqualTo("5.4.4"));
    }
}
