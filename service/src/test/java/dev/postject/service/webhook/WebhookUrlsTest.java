package dev.postject.service.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which resolved addresses count as public, checked again before every send. */
class WebhookUrlsTest {
    @Test
    void privateAndSpecialAddresses_areNotPublic() throws Exception {
        for (String address : new String[] {
            "127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
            "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1", "::"
        }) {
            assertThat(WebhookUrls.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isFalse();
        }
        for (String address : new String[] {"93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "172.32.0.1"}) {
            assertThat(WebhookUrls.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isTrue();
        }
    }

    @Test
    void aNameThatNowResolvesToLoopback_isRefusedAtSendTime() {
        assertThat(new WebhookUrls(false).refusal("localhost")).contains("public address");
        assertThat(new WebhookUrls(true).refusal("localhost")).isNull();
    }
}
