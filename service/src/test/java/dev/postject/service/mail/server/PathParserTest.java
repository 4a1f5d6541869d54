package dev.postject.service.mail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 5321 paths, as MAIL FROM and RCPT TO give them. */
class PathParserTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "<user@example.com>|user|example.com",
                "<first.last+tag@sub.example.co.uk>|first.last+tag|sub.example.co.uk",
                "<!#$%&*+-/=?^_`{}~@example.com>|!#$%&*+-/=?^_`{}~|example.com",
                "<\"john doe\"@example.com>|\"john doe\"|example.com",
                "<\"quoted \\\" and \\\\\"@example.com>|\"quoted \\\" and \\\\\"|example.com",
                "<\"\"@example.com>|\"\"|example.com",
                "<@relay.example:user@example.com>|user|example.com",
                "<@a.example,@b.example:user@example.com>|user|example.com",
                "<user@[192.0.2.1]>|user|[192.0.2.1]",
                "<user@[IPv6:2001:db8::1]>|user|[IPv6:2001:db8::1]",
                "<user@xn--bcher-kva.example>|user|xn--bcher-kva.example",
                "<josé@exämple.de>|josé|exämple.de",
                "<VERP+msg_abc123-def=example.org@bounces.postject.dev>|VERP+msg_abc123-def=example.org|bounces.postject.dev",
            })
    void validPathsAreParsed(String path, String local, String domain) {
        PathParser.Parsed parsed = PathParser.parse(path + " SIZE=10", 0, false, false);
        assertThat(parsed.address()).isEqualTo(new MailAddress(local, domain));
        assertThat(parsed.end()).isEqualTo(path.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"o'brien", "a|b", "x'|'y"})
    void apostrophesAndBarsAreAtextToo(String local) {
        assertThat(PathParser.parse("<" + local + "@example.com>", 0, false, false)
                        .address()
                        .localPart())
                .isEqualTo(local);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "user@example.com",
                "<user@example.com",
                "<user>",
                "<@example.com>",
                "<user@>",
                "<user@example..com>",
                "<user@example.com.>",
                "<user@-example.com>",
                "<user@example-.com>",
                "<.user@example.com>",
                "<user.@example.com>",
                "<us..er@example.com>",
                "<us er@example.com>",
                "<user@exa mple.com>",
                "<\"unterminated@example.com>",
                "<user@[]>",
                "<user@[1.2.3.4>",
                "<@relay.example user@example.com>",
                "<user@example.com>>",
                "<>",
                "<a@b@c>",
            })
    void invalidPathsAreRefused(String path) {
        assertThatThrownBy(() -> {
                    PathParser.Parsed parsed = PathParser.parse(path, 0, false, false);
                    if (parsed.end() != path.length()) {
                        throw new IllegalArgumentException("trailing text");
                    }
                })
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<Postmaster>", "<postmaster>", "<POSTMASTER>"})
    void theDomainlessPostmasterIsARecipientOnly(String path) {
        assertThat(PathParser.parse(path, 0, false, true).address().domain()).isEmpty();
        assertThatThrownBy(() -> PathParser.parse(path, 0, true, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<>"})
    void theNullPathIsASenderOnly(String path) {
        assertThat(PathParser.parse(path, 0, true, false).address().isNullSender())
                .isTrue();
        assertThatThrownBy(() -> PathParser.parse(path, 0, false, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
