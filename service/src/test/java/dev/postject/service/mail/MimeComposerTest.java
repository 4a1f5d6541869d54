package dev.postject.service.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * What a mail reader makes of the composed bytes: text intact whatever its characters, the date,
 * headers folded and encoded so that every line is ASCII and at most 998 characters long.
 */
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

    @Test
    void longHeaderValuesAreFoldedAtWhitespace_andUnfoldToTheSameValue() throws Exception {
        String words = "word ".repeat(1_000).trim();
        byte[] mime = compose(Map.of("X-Long", words), List.of());

        assertThat(longestLine(mime)).isLessThanOrEqualTo(998);
        assertThat(MimeUtility.unfold(parse(mime).getHeader("X-Long", null))).isEqualTo(words);
    }

    @Test
    void nonAsciiHeaderValuesAndDisplayNamesGoOutAsEncodedWords_neverAsRawBytes() throws Exception {
        String note = "Grüße aus Köln " + "東京".repeat(300);
        String name = "Zoë " + "東".repeat(200);
        byte[] mime = MimeComposer.compose(new Composition(
                name + " <sender@example.net>",
                List.of("Åsa <rcpt@example.org>"),
                List.of(),
                List.of(),
                "Hi",
                "x",
                null,
                Map.of("X-Note", note),
                List.of(),
                "<msg_1@example.net>",
                DATE));

        assertThat(new String(mime, StandardCharsets.ISO_8859_1)).matches("[\\x00-\\x7f]*");
        assertThat(longestLine(mime)).isLessThanOrEqualTo(998);
        MimeMessage message = parse(mime);
        assertThat(MimeUtility.decodeText(MimeUtility.unfold(message.getHeader("X-Note", null))))
                .isEqualTo(note);
        assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo(name);
        assertThat(((InternetAddress) message.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal())
                .isEqualTo("Åsa");
    }

    @Test
    void longInternationalAttachmentNames_areSplitIntoShortLines_andArriveIntact() throws Exception {
        String filename = "Übersicht " + "東京".repeat(118) + ".pdf"; // 250 characters, 2,200 as RFC 2231 escapes
        byte[] mime = compose(
                Map.of(), List.of(new Composition.Attachment(filename, "application/pdf", new byte[] {1, 2, 3})));

        assertThat(longestLine(mime)).isLessThanOrEqualTo(998);
        MimeMultipart mixed = (MimeMultipart) parse(mime).getContent();
        assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo(filename);
        assertThat(mixed.getBodyPart(1).getDisposition()).isEqualTo("attachment");
        assertThat(mixed.getBodyPart(1).isMimeType("application/pdf")).isTrue();
    }

    private static int longestLine(byte[] mime) {
        int longest = 0;
        for (String line : new String(mime, StandardCharsets.ISO_8859_1).split("\r\n")) {
            longest = Math.max(longest, line.length());
        }
        return longest;
    }

    private static byte[] compose(Map<String, String> headers, List<Composition.Attachment> attachments) {
        return MimeComposer.compose(new Composition(
                "Sender <sender@example.net>",
                List.of("rcpt@example.org"),
                List.of(),
                List.of(),
                "Hi",
                "x",
                null,
                headers,
                attachments,
                "<msg_1@example.net>",
                DATE));
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
