package dev.postject.service.platform.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnMailLimitsTest {
    @Test
    void oneMailbox_isCountedOnce_whateverItsCaseOrPlusTag() {
        assertThat(OwnMailLimits.mailbox("Ada+News@Example.COM")).isEqualTo("ada@example.com");
        assertThat(OwnMailLimits.mailbox("Ada <ada+x+y@example.com>")).isEqualTo("ada@example.com");
        assertThat(OwnMailLimits.mailbox("ada@example.com")).isEqualTo("ada@example.com");
        assertThat(OwnMailLimits.mailbox("+only@example.com")).isEqualTo("+only@example.com");
    }

    @Test
    void signUps_areCountedPerIpv4Address_andPerIpv6Slash64() {
        assertThat(OwnMailLimits.network("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(OwnMailLimits.network("2001:db8:0:1:aaaa::1")).isEqualTo("2001:db8:0:1::/64");
        assertThat(OwnMailLimits.network("2001:0db8:0000:0001:ffff:ffff:ffff:ffff"))
                .isEqualTo("2001:db8:0:1::/64");
        assertThat(OwnMailLimits.network("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
    }
}
