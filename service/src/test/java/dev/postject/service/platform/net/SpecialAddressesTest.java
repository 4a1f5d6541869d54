package dev.postject.service.platform.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The special-purpose address table, block by block, with the addresses on either side of each
 * boundary: "global" for a globally reachable unicast address, else the block that refuses it.
 */
class SpecialAddressesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0               | 0.0.0.0/8
            0.255.255.255         | 0.0.0.0/8
            1.0.0.0               | global
            9.255.255.255         | global
            10.0.0.0              | 10.0.0.0/8
            10.255.255.255        | 10.0.0.0/8
            11.0.0.0              | global
            100.63.255.255        | global
            100.64.0.0            | 100.64.0.0/10
            100.127.255.255       | 100.64.0.0/10
            100.128.0.0           | global
            126.255.255.255       | global
            127.0.0.1             | 127.0.0.0/8
            127.255.255.255       | 127.0.0.0/8
            128.0.0.0             | global
            169.253.255.255       | global
            169.254.0.0           | 169.254.0.0/16
            169.254.169.254       | 169.254.0.0/16
            169.255.0.0           | global
            172.15.255.255        | global
            172.16.0.0            | 172.16.0.0/12
            172.31.255.255        | 172.16.0.0/12
            172.32.0.0            | global
            191.255.255.255       | global
            192.0.0.0             | 192.0.0.0/24
            192.0.0.9             | 192.0.0.0/24
            192.0.0.170           | 192.0.0.0/24
            192.0.0.255           | 192.0.0.0/24
            192.0.1.0             | global
            192.0.1.255           | global
            192.0.2.0             | 192.0.2.0/24
            192.0.2.255           | 192.0.2.0/24
            192.0.3.0             | global
            192.31.196.1          | global
            192.88.98.255         | global
            192.88.99.0           | 192.88.99.0/24
            192.88.99.255         | 192.88.99.0/24
            192.88.100.0          | global
            192.167.255.255       | global
            192.168.0.0           | 192.168.0.0/16
            192.168.255.255       | 192.168.0.0/16
            192.169.0.0           | global
            198.17.255.255        | global
            198.18.0.0            | 198.18.0.0/15
            198.19.255.255        | 198.18.0.0/15
            198.20.0.0            | global
            198.51.99.255         | global
            198.51.100.0          | 198.51.100.0/24
            198.51.100.255        | 198.51.100.0/24
            198.51.101.0          | global
            203.0.112.255         | global
            203.0.113.0           | 203.0.113.0/24
            203.0.113.255         | 203.0.113.0/24
            203.0.114.0           | global
            223.255.255.255       | global
            224.0.0.0             | 224.0.0.0/4
            239.255.255.255       | 224.0.0.0/4
            240.0.0.0             | 240.0.0.0/4
            255.255.255.254       | 240.0.0.0/4
            255.255.255.255       | 255.255.255.255/32
            93.184.216.34         | global
            8.8.8.8               | global
            ::                    | ::/128
            ::1                   | ::1/128
            ::2                   | ::/96
            ::127.0.0.1           | ::/96
            ::8.8.8.8             | ::/96
            ::ffff:127.0.0.1      | ::ffff:0:0/96
            ::ffff:8.8.8.8        | ::ffff:0:0/96
            ::ffff:0:8.8.8.8      | outside global unicast space 2000::/3
            ::1:0:0:0             | outside global unicast space 2000::/3
            64:ff9b::808:808      | 64:ff9b::/96
            64:ff9b::a9fe:a9fe    | 64:ff9b::/96
            64:ff9b:1::1          | 64:ff9b:1::/48
            64:ff9b:1:ffff::1     | 64:ff9b:1::/48
            64:ff9b:2::1          | outside global unicast space 2000::/3
            100::1                | 100::/64
            100::ffff:ffff:ffff:ffff | 100::/64
            100:0:0:1::1          | outside global unicast space 2000::/3
            1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | outside global unicast space 2000::/3
            2000::                | global
            2001::                | 2001::/32
            2001:0:ffff:ffff:ffff:ffff:ffff:ffff | 2001::/32
            2001:1::1             | 2001::/23
            2001:2::              | 2001:2::/48
            2001:2:0:ffff:ffff:ffff:ffff:ffff | 2001:2::/48
            2001:2:1::            | 2001::/23
            2001:20::1            | 2001::/23
            2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff | 2001::/23
            2001:200::            | global
            2001:db7:ffff:ffff:ffff:ffff:ffff:ffff | global
            2001:db8::            | 2001:db8::/32
            2001:db8:ffff:ffff:ffff:ffff:ffff:ffff | 2001:db8::/32
            2001:db9::            | global
            2001:4860:4860::8888  | global
            2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff | global
            2002::                | 2002::/16
            2002:7f00:1::         | 2002::/16
            2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff | 2002::/16
            2003::                | global
            2606:4700:4700::1111  | global
            2620:4f:8000::1       | global
            3ffe:ffff::1          | global
            3fff::                | 3fff::/20
            3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff | 3fff::/20
            3fff:1000::           | global
            3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | global
            4000::                | outside global unicast space 2000::/3
            5f00::1               | 5f00::/16
            fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | outside global unicast space 2000::/3
            fc00::                | fc00::/7
            fd00:ec2::254         | fc00::/7
            fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | fc00::/7
            fe00::                | outside global unicast space 2000::/3
            fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff | outside global unicast space 2000::/3
            fe80::                | fe80::/10
            febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff | fe80::/10
            fec0::1               | fec0::/10
            ff00::                | ff00::/8
            ff02::1               | ff00::/8
            ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | ff00::/8
            """)
    void eachAddress_isGlobalOrInTheBlockThatRefusesIt(String address, String expected) {
        byte[] bytes = SpecialAddresses.literal(address).orElseThrow();
        String block = SpecialAddresses.blockOf(bytes).orElse("global");
        if (expected.equals("global") || expected.startsWith("outside")) {
            assertThat(block).isEqualTo(expected);
        } else {
            assertThat(block).startsWith(expected + " (");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0177.0.0.1",
        "127.1",
        "0x7f.0.0.1",
        "2130706433",
        "127.0.0.01",
        "256.0.0.1",
        "1.2.3.4.5",
        "[fe80::1%eth0]",
        "fe80::1%25eth0",
        "[::ffff:127.0.0.1",
        "example.com",
        "1.2.3.com"
    })
    void anythingButAPlainIpLiteral_isNoLiteral(String host) {
        assertThat(SpecialAddresses.literal(host)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0177.0.0.1", "127.1", "0x7f.0.0.1", "2130706433", "1.2.3.4.5", "[::1]", "[fe80::1%eth0]"})
    void whatSomeUrlParserReadsAsAnIpAddress_looksLikeALiteral(String host) {
        assertThat(SpecialAddresses.looksLikeLiteral(host)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"example.com", "1.2.3.com", "hooks.example", "localhost", "0x.example"})
    void hostNames_doNotLookLikeLiterals(String host) {
        assertThat(SpecialAddresses.looksLikeLiteral(host)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"[::ffff:127.0.0.1], ::ffff:127.0.0.1", "[2001:db8::1], 2001:db8:0:0:0:0:0:1", "10.0.0.1, 10.0.0.1"})
    void anAddressIsWrittenInTheFormItWasGiven(String literal, String text) {
        assertThat(SpecialAddresses.text(SpecialAddresses.literal(literal).orElseThrow()))
                .isEqualTo(text);
    }
}
