package dev.postject.service.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.platform.net.Dns;
import dev.postject.service.platform.net.SpecialAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which resolved addresses count as public, checked again before every send. */
class WebhookUrlsTest {
    private static final Dns DNS = new Dns(List.of(), Duration.ofSeconds(2));

    private static boolean isPublic(String address) {
        return SpecialAddresses.blockOf(SpecialAddresses.literal(address).orElseThrow())
                .isEmpty();
    }

    @Test
    void privateAndSpecialAddresses_areNotPublic() throws Exception {
        for (String address : new String[] {
            "127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
            "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1", "::"
        }) {
            assertThat(isPublic(address)).as(address).isFalse();
        }
        for (String address : new String[] {"93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "172.32.0.1"}) {
            assertThat(isPublic(address)).as(address).isTrue();
        }
    }

    @Test
    void aNameThatNowResolvesToLoopback_isRefusedAtSendTime() {
        assertThat(new WebhookUrls(DNS, false).resolve("localhost").refusal()).contains("public address");
        assertThat(new WebhookUrls(DNS, true).resolve("localhost").refusal()).isNull();
    }

    @Test
    void anAddressOfTheHostPostjectRunsOn_isRefused_whateverRangeItIsIn() throws Exception {
        InetAddress own = InetAddress.getByName("93.184.216.34"); // as if this host had a public address
        WebhookUrls urls = new WebhookUrls(DNS, () -> List.of(own), false);

        assertThat(urls.resolve("93.184.216.34").refusal()).contains("an address of the host Postject runs on");
        assertThat(urls.resolve("93.184.216.35").refusal()).isNull();
        assertThat(new WebhookUrls(DNS, () -> List.of(own), true)
                        .resolve("93.184.216.34")
                        .refusal())
                .isNull();
    }

    @Test
    void theHostsOwnAddresses_areReadFromItsNetworkInterfaces_andAllRefused() {
        List<InetAddress> own = WebhookUrls.interfaceAddresses();
        assertThat(own).anyMatch(InetAddress::isLoopbackAddress);
        WebhookUrls urls = new WebhookUrls(DNS, false);
        for (InetAddress address : own) {
            String literal = address.getHostAddress().replaceAll("%.*", "");
            String host = address instanceof Inet6Address ? "[" + literal + "]" : literal;
            assertThat(urls.resolve(host).refusal()).as(host).contains("must reach a public address");
        }
    }

    @Test
    void aRefusal_namesTheAddressItsBlock_andTheSettingForLocalDevelopment() {
        WebhookUrls urls = new WebhookUrls(DNS, false);
        assertThat(urls.resolve("[::ffff:10.0.0.1]").refusal())
                .contains("::ffff:10.0.0.1", "::ffff:0:0/96 (IPv4-mapped)", "POSTJECT_WEBHOOKS_ALLOW_PRIVATE=true");
        assertThat(urls.resolve("0177.0.0.1").refusal()).contains("not a plain IP address");
    }

    @Test
    void anAcceptedTarget_carriesTheAddressesThatWereChecked() throws Exception {
        WebhookUrls.Target target = new WebhookUrls(DNS, false).resolve("[2606:4700:4700::1111]");
        assertThat(target.refusal()).isNull();
        assertThat(target.addresses()).containsExactly(InetAddress.getByName("2606:4700:4700::1111"));
    }
}
