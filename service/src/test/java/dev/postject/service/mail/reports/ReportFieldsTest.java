package dev.postject.service.mail.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The field values reports carry, as the servers that write them spell them. */
class ReportFieldsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Wed,  2 Dec 2026 00:58:48 +0000 (UTC)   | 2026-12-02T00:58:48Z", // Postfix
                "1 Dec 2026 09:16:40 -0000               | 2026-12-01T09:16:40Z", // qmail
                "Tue, 1 Dec 2026 09:15:06 GMT            | 2026-12-01T09:15:06Z",
                "Tue, 01 Dec 2026 04:15:02 EST           | 2026-12-01T09:15:02Z",
                "Tue, 1 Dec 2026 12:40 -0800             | 2026-12-01T20:40:00Z",
                "2026-12-01T09:15:02Z                    | 2026-12-01T09:15:02Z"
            })
    void datesAreReadInTheFormsServersWriteThem(String field, Instant expected) {
        assertThat(MailDates.parse(field.strip())).isEqualTo(expected);
    }

    @Test
    void anUnreadableDate_isNone() {
        assertThat(MailDates.parse("yesterday, around noon")).isNull();
        assertThat(MailDates.parse("31 Feb 2026 10:00:00 +0000")).isNull();
        assertThat(MailDates.parse(null)).isNull();
    }

    @Test
    void addressesLoseTheirTypeAndBrackets_andWhatIsNoAddressIsNone() {
        assertThat(Originals.bare("rfc822; user@example.com")).isEqualTo("user@example.com");
        assertThat(Originals.bare("RFC822;<User@Example.com>")).isEqualTo("User@Example.com");
        assertThat(Originals.bare("Acme <billing@acme.example>")).isEqualTo("billing@acme.example");
        assertThat(Originals.bare("<>")).isNull();
        assertThat(Originals.bare("rfc822; " + "a".repeat(300) + "@example.com"))
                .isNull();
        assertThat(Originals.untyped("dns; mx.example.net")).isEqualTo("mx.example.net");
    }

    @Test
    void aDiagnosticCodesTypeIsKept_inLowerCase_andAValueWithoutOneIsAllText() {
        assertThat(StandardReports.diagnostic("X-Postfix; Host or domain name not found"))
                .isEqualTo(new DiagnosticCode("x-postfix", "Host or domain name not found"));
        assertThat(StandardReports.diagnostic("smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found"))
                .isEqualTo(new DiagnosticCode("smtp", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found"));
        assertThat(StandardReports.diagnostic("550 User unknown"))
                .isEqualTo(new DiagnosticCode(null, "550 User unknown"));
    }

    @Test
    void statusCodesAreFoundInTextButNotInAddressesOrVersions() {
        assertThat(StatusCodes.enhancedIn("192.0.2.5 does not like recipient. (#5.1.1)"))
                .isEqualTo("5.1.1");
        assertThat(StatusCodes.enhancedIn("see 4.16.55.1 at 203.0.113.4")).isNull();
        assertThat(StatusCodes.replyCodeIn("host mx[192.0.2.9] said: 550 5.1.1 <a@b.example>"))
                .isEqualTo(550);
        assertThat(StatusCodes.replyCodeIn("SMTP error after RCPT TO:<a@b.example>:\n    451 Try later"))
                .isEqualTo(451);
        assertThat(StatusCodes.replyCodeIn("Unrouteable address")).isZero();
    }
}
