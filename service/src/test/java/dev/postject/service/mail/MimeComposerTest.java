package dev.postject.service.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What a mail reader makes of the composed bytes: text intact whatever its characters, the date. */
class MimeComposerTest {
    private static final Instant DATE = Instant.parse("2026-03-01T09:05:07Z");

    @Test
    void shortAsciiTextTravelsAsItIs() throws Exception {
        MimeMessage message = parse(compose("Hello,\r\nsee you.", null));

        assertThat(message.getHeader("Content-Transfer-Encoding", null)).isEqualTo("7bit");
        assertThat(message.getContent()).isEqualTo("Hello,\r\nsee you.");
        assertThat(message.getSentDate().toInstant()).isEqualTo(DATE);
        assertThat(message.getHeader("Date", null)).isEqualTo("Sun, 1 Mar 2026 09:05:07 +0000");
    }

    @Test
    void nonAsciiAndLongLinesAreQuotedPrintableAndArriveIntact() throws Exception {
        String accents = "Grüße aus Köln, 東京 and = signs";
        String longLine = "x".repeat(2_000);
        MimeMessage message = parse(compose(accents, "<p>" + longLine + "</p>"));

        MimeMultipart alternative = (MimeMultipart) message.getContent();
        assertThat(alternative.getBodyPart(0).getHeader("Content-Transfer-Encoding"))
                .containsExactly("quoted-printable");
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo(accents);
        assertThat(alternative.getBodyPart(1).getHeader("Content-Transfer-Encoding"))
                .containsExactly("quoted-printable");
        assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<p>" + longLine + "</p>");
    }

    @Test
    void aLoneCarriageReturnIsNotSentAs7bit() {
        assertThat(MimeComposer.isPlain7bit("one\rtwo")).isFalse();
        assertThat(MimeComposer.isPlain7bit("x".repeat(998) + "\r\n" + "y".repeat(998)))
                .isTrue();
        assertThat(MimeComposer.isPlain7bit("x".repeat(999))).isFalse();
    }

    private static byte[] compose(String text, String html) {
        return MimeComposer.compose(new Composition(
                "Sender <sender@example.net>",
                List.of("rcpt@example.org"),
                List.of(),
                List.of(),
                "Hi",
                text,
                html,
                Map.of(),
                List.of(),
                "<msg_1@example.net>",
                DATE));
    }

    private static MimeMessage parse(byte[] mime) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime));
    }
}
