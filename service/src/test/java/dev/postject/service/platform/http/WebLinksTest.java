package dev.postject.service.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.IDN;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Links as browsers read them, spelled as RFC 3986 URIs. */
class WebLinksTest {

    @Test
    void charactersThatUrisDoNotAllow_arePercentEncoded_andValidOnesAndEscapesAreKept() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("https://shop.example/offer?a=1&b=2", "https://shop.example/offer?a=1&b=2");
        links.put("https://shop.example/a|b{c}\"d\"", "https://shop.example/a%7Cb%7Bc%7D%22d%22");
        links.put("https://shop.example/x\u2028y", "https://shop.example/x%E2%80%A8y");
        links.put(
                "https://shop.example/caf\u00e9?q=\u6771\u4eac", "https://shop.example/caf%C3%A9?q=%E6%9D%B1%E4%BA%AC");
        links.put("https://shop.example/%7e%2Fkept?x=%26%3d", "https://shop.example/%7E%2Fkept?x=%26%3D");
        links.put("https://shop.example/100%?p=%zz", "https://shop.example/100%25?p=%25zz");
        links.put("https://shop.example/[x]^`<y>?q=[1]", "https://shop.example/%5Bx%5D%5E%60%3Cy%3E?q=%5B1%5D");
        links.put("https://shop.example/p?q#f#g{}", "https://shop.example/p?q#f%23g%7B%7D");
        links.put("https://shop.example/keep:@!$&'()*+,;=~", "https://shop.example/keep:@!$&'()*+,;=~");
        links.put("https://shop.example?only=query", "https://shop.example/?only=query");
        links.put("  https://shop.example/with\ttab\n  ", "https://shop.example/withtab");
        links.forEach((link, expected) -> {
            URI uri = WebLinks.toUri(link);
            assertThat(uri.toString()).as(link).isEqualTo(expected);
            assertThat(uri.toString()).as(link).matches("[\\x21-\\x7e]+");
            assertThat(uri.getHost()).as(link).isEqualTo("shop.example");
        });
    }

    @Test
    void theHostIsTheOneABrowserWouldVisit() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("HTTPS://Shop.Example/", "https://shop.example/");
        links.put("https://shop.example\\@evil.example/", "https://shop.example/@evil.example/");
        links.put("https://a@b@shop.example/", "https://a%40b@shop.example/");
        links.put("https://user:p|w:x@shop.example:8443/", "https://user:p%7Cw%3Ax@shop.example:8443/");
        links.put("https:\\\\shop.example\\a\\b", "https://shop.example/a/b");
        links.put("https:///shop.example/", "https://shop.example/");
        links.put("https://sh%6Fp.example/", "https://shop.example/");
        links.put("https://b\u00fccher.example/", "https://xn--bcher-kva.example/");
        links.put("https://B\u00dcCHER.example/", "https://xn--bcher-kva.example/");
        links.put("https://fa\u00df.de/", "https://xn--fa-hia.de/");
        links.put("https://\u4f8b\u3048.\u30c6\u30b9\u30c8/", "https://xn--r8jz45g.xn--zckzah/");
        links.put("https://\u4f8b\u3048\u3002\u30c6\u30b9\u30c8/", "https://xn--r8jz45g.xn--zckzah/");
        links.put("http://0x7f.1/", "http://127.0.0.1/");
        links.put("http://2130706433/", "http://127.0.0.1/");
        links.put("http://0177.0.0.1./", "http://127.0.0.1/");
        links.put("http://[::FFFF:127.0.0.1]:8080/", "http://[::ffff:127.0.0.1]:8080/");
        links.forEach((link, expected) ->
                assertThat(WebLinks.toUri(link).toString()).as(link).isEqualTo(expected));
    }

    @Test
    void dotSegments_areResolvedAsABrowserResolvesThem() {
        assertThat(WebLinks.toUri("https://shop.example/a/b/../c/./d").toString())
                .isEqualTo("https://shop.example/a/c/d");
        assertThat(WebLinks.toUri("https://shop.example/a/%2e%2E/b/.").toString())
                .isEqualTo("https://shop.example/b/");
        assertThat(WebLinks.toUri("https://shop.example/../../x").toString()).isEqualTo("https://shop.example/x");
    }

    @Test
    void aLinkNoBrowserCouldOpen_stillGivesAValidUri_thatNamesNoHost() {
        for (String link : new String[] {
            "https://shop.example:99999/",
            "https://shop.example:80x/",
            "https://shop<x>.example/",
            "http://1.2.3.4.5/",
            "http://256.1.1.1/",
            "https://[not-ipv6]/",
            "https://%ff.example/"
        }) {
            URI uri = WebLinks.toUri(link);
            assertThat(uri.getHost()).as(link).isNull();
            assertThat(uri.toString()).as(link).matches("[\\x21-\\x7e]+");
        }
    }

    @Test
    void onlyWebLinksAreTaken() {
        for (String link : new String[] {"mailto:x@shop.example", "javascript:alert(1)", "//shop.example/", ""}) {
            assertThatThrownBy(() -> WebLinks.toUri(link)).as(link).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void punycode_matchesTheJdksIdnaWhereBothApply() {
        for (String label :
                new String[] {"b\u00fccher", "\u4f8b\u3048", "m\u00fcnchen-ost", "\u0645\u062b\u0627\u0644"}) {
            assertThat("xn--" + Hosts.punycode(label)).as(label).isEqualTo(IDN.toASCII(label));
        }
        assertThat(Hosts.punycode("fa\u00df")).isEqualTo("fa-hia");
    }
}
