package dev.postject.service.platform.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void networks_areReadInEitherFamily_andWrittenInTheirCanonicalForm() {
        assertThat(Cidr.parse("203.0.113.0/24")).hasToString("203.0.113.0/24");
        assertThat(Cidr.parse("10.0.0.0/8").isIpv4()).isTrue();
        assertThat(Cidr.parse("2001:DB8:0:0::/32")).hasToString("2001:db8::/32");
        assertThat(Cidr.parse("2001:0db8:0000:0001:0000:0000:0000:0000/64")).hasToString("2001:db8:0:1::/64");
        assertThat(Cidr.parse("2001:db8:0:0:1:0:0:0/96"))
                .as("the longest zero run is shortened")
                .hasToString("2001:db8:0:0:1::/96");
        assertThat(Cidr.parse("2001:db8:0:0:1:0:0:1/128"))
                .as("the first of two equally long zero runs is shortened")
                .hasToString("2001:db8::1:0:0:1/128");
        assertThat(Cidr.parse("192.0.2.7/32").prefix()).isEqualTo(32);
        assertThat(Cidr.parse("2001:db8::1/128")).hasToString("2001:db8::1/128");
        assertThat(Cidr.parse("::/0")).hasToString("::/0");
    }

    @Test
    void hostBitsSet_areRefused_namingTheNetworkMeant() {
        assertThatThrownBy(() -> Cidr.parse("10.1.2.3/8"))
                .isInstanceOf(Cidr.Invalid.class)
                .hasMessageContaining("'10.1.2.3/8' has host bits set")
                .hasMessageContaining("10.0.0.0/8");
        assertThatThrownBy(() -> Cidr.parse("2001:db8::1/64")).hasMessageContaining("2001:db8::/64");
        assertThatThrownBy(() -> Cidr.parse("192.0.2.129/25")).hasMessageContaining("192.0.2.128/25");
    }

    @Test
    void malformedOrAmbiguousTexts_areRefused() {
        for (String text : List.of(
                "",
                "10.0.0.0",
                "10.0.0.0/",
                "10.0.0.0/33",
                "10.0.0.0/08",
                "10.0.0.0/-1",
                "010.0.0.0/8",
                "10.0.0/8",
                "10.0.0.0.0/8",
                "256.0.0.0/8",
                " 10.0.0.0/8",
                "10.0.0.0/8 ",
                "0x0a.0.0.0/8",
                "example.com/24",
                "2001:db8::/129",
                "2001:db8:::/32",
                "2001:db8::g/32",
                "fe80::%eth0/64",
                "[2001:db8::]/32",
                "::ffff:10.0.0.0/104",
                "10.0.0.0/8/8")) {
            assertThatThrownBy(() -> Cidr.parse(text)).as(text).isInstanceOf(Cidr.Invalid.class);
        }
        assertThatThrownBy(() -> Cidr.parse(null)).isInstanceOf(Cidr.Invalid.class);
        assertThatThrownBy(() -> Cidr.parse("::ffff:10.0.0.0/104")).hasMessageContaining("write it as IPv4");
        assertThatThrownBy(() -> Cidr.parse("192.0.2.7")).hasMessageContaining("192.0.2.7/32");
    }

    @Test
    void contains_matchesAddressesOfItsFamily_andIpv4MappedClientsAsIpv4() throws Exception {
        Cidr v4 = Cidr.parse("10.1.0.0/16");
        Cidr v6 = Cidr.parse("2001:db8:1::/48");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[13] = 1;
        mapped[15] = 9;
        InetAddress mappedClient = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(mappedClient).isInstanceOf(Inet6Address.class);

        assertThat(v4.contains(ip("10.1.255.255"))).isTrue();
        assertThat(v4.contains(ip("10.2.0.0"))).isFalse();
        assertThat(v4.contains(mappedClient)).as("::ffff:10.1.0.9").isTrue();
        assertThat(v6.contains(ip("2001:db8:1:ffff::1"))).isTrue();
        assertThat(v6.contains(ip("2001:db8:2::1"))).isFalse();
        assertThat(v6.contains(ip("10.1.0.9"))).as("another family").isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(mappedClient)).isTrue();
        assertThat(Cidr.parse("::/0").contains(mappedClient))
                .as("a mapped client is IPv4")
                .isFalse();
    }

    @Test
    void equalNetworks_areEqual_howeverTheyWereWritten() {
        assertThat(Cidr.parse("2001:DB8::/32")).isEqualTo(Cidr.parse("2001:db8:0::/32"));
        assertThat(Cidr.parse("10.0.0.0/8")).isNotEqualTo(Cidr.parse("10.0.0.0/9"));
    }
}
