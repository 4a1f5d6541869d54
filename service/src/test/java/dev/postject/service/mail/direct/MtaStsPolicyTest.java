package dev.postject.service.mail.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postject.service.mail.direct.MtaStsPolicy.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading MTA-STS TXT records and policy files (RFC 8461 3.1, 3.2), and matching MX hosts (4.1). */
class MtaStsPolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static MtaStsPolicy policy(String text) {
        return MtaStsPolicy.parse(text, "id1", NOW);
    }

    @Test
    void aPolicyFileIsRead() {
        MtaStsPolicy policy = policy("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\n"
                + "mx: *.Example.NET.\r\nmax_age: 86400\r\nfuture_key: whatever\r\n");

        assertThat(policy.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(policy.mx()).containsExactly("mail.example.com", "*.example.net");
        assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(1));
        assertThat(policy.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(policy.id()).isEqualTo("id1");
    }

    @Test
    void linesMayEndInLfAloneAndModeNoneNeedsNoMx() {
        MtaStsPolicy policy = policy("version: STSv1\nmode: none\nmax_age: 0\n");
        assertThat(policy.mode()).isEqualTo(Mode.NONE);
        assertThat(policy.mx()).isEmpty();
    }

    @Test
    void aMaxAgeOverAYearIsReadAsAYear() {
        assertThat(policy("version: STSv1\nmode: testing\nmx: a.example.com\nmax_age: 9999999999\n")
                        .maxAge())
                .isEqualTo(MtaStsPolicy.MAX_AGE_LIMIT)
                .isEqualTo(Duration.ofSeconds(31_557_600));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no version          | mode: enforce\\nmx: a.example.com\\nmax_age: 60",
                "another version     | version: STSv2\\nmode: enforce\\nmx: a.example.com\\nmax_age: 60",
                "version in caps     | VERSION: STSv1\\nmode: enforce\\nmx: a.example.com\\nmax_age: 60",
                "an unknown mode     | version: STSv1\\nmode: strict\\nmx: a.example.com\\nmax_age: 60",
                "mode in caps        | version: STSv1\\nmode: ENFORCE\\nmx: a.example.com\\nmax_age: 60",
                "no max_age          | version: STSv1\\nmode: enforce\\nmx: a.example.com",
                "a negative max_age  | version: STSv1\\nmode: enforce\\nmx: a.example.com\\nmax_age: -1",
                "enforce without mx  | version: STSv1\\nmode: enforce\\nmax_age: 60",
                "testing without mx  | version: STSv1\\nmode: testing\\nmax_age: 60",
                "a wildcard inside   | version: STSv1\\nmode: enforce\\nmx: a.*.example.com\\nmax_age: 60",
                "a bare wildcard     | version: STSv1\\nmode: enforce\\nmx: *\\nmax_age: 60",
                "mode given twice    | version: STSv1\\nmode: testing\\nmode: enforce\\nmx: a.example.com\\nmax_age: 60",
                "a line without key  | version: STSv1\\nmode: enforce\\nmx a.example.com\\nmax_age: 60",
                "HTML                | <html><body>not a policy</body></html>",
            })
    void aPolicyThatBreaksTheGrammarIsInvalid(String what, String text) {
        assertThatThrownBy(() -> policy(text.replace("\\n", "\n"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} against {1}: {2}")
    @CsvSource({
        "mail.example.com,    mail.example.com,     true",
        "mail.example.com,    MAIL.Example.com.,    true",
        "mail.example.com,    mail2.example.com,    false",
        "mail.example.com,    sub.mail.example.com, false",
        "*.example.com,       mx1.example.com,      true",
        "*.example.com,       MX1.EXAMPLE.COM.,     true",
        "*.example.com,       example.com,          false",
        "*.example.com,       a.b.example.com,      false",
        "*.example.com,       mx1.example.com.evil, false",
        "*.example.com,       mx1example.com,       false",
    })
    void mxPatternsMatchAsRfc8461Says(String pattern, String host, boolean matches) {
        MtaStsPolicy policy = policy("version: STSv1\nmode: enforce\nmx: " + pattern + "\nmax_age: 60\n");
        assertThat(policy.matches(host)).isEqualTo(matches);
    }

    @Test
    void theTxtRecordGivesThePolicyId() {
        assertThat(MtaStsPolicy.txtId(List.of("v=STSv1; id=20160831085700Z;"))).contains("20160831085700Z");
        assertThat(MtaStsPolicy.txtId(List.of("v=STSv1;id=abc", "some other=record")))
                .contains("abc");
        assertThat(MtaStsPolicy.txtId(List.of("v=STSv1; id=abc; ext=value"))).contains("abc");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no record                | ",
                "no id                    | v=STSv1;",
                "an id too long           | v=STSv1; id=123456789012345678901234567890123",
                "an id with a dash        | v=STSv1; id=2024-01",
                "two ids                  | v=STSv1; id=a; id=b",
                "another version          | v=STSv2; id=a",
                "no semicolon after v     | v=STSv1 id=a",
                "a malformed field        | v=STSv1; id=a; what",
            })
    void aTxtRecordThatBreaksTheGrammarGivesNoId(String what, String record) {
        assertThat(MtaStsPolicy.txtId(record == null ? List.of() : List.of(record)))
                .isEqualTo(Optional.empty());
    }

    @Test
    void twoStsRecordsGiveNoId() {
        assertThat(MtaStsPolicy.txtId(List.of("v=STSv1; id=a", "v=STSv1; id=b")))
                .isEmpty();
    }
}
