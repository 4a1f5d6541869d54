package dev.postject.service.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postject.service.platform.errors.Refusal;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A whole message submitted over SMTP: what is kept, what is read and removed, what is refused. */
class SubmittedMessageTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final String BODY = "Hello,\r\n\r\n.. a line as it came\r\nbytes \u00e9 kept\r\n";

    private static SubmittedMessage parse(String headers, String... recipients) {
        return parse((headers + "\r\n" + BODY).getBytes(StandardCharsets.UTF_8), recipients);
    }

    private static SubmittedMessage parse(byte[] message, String... recipients) {
        return SubmittedMessage.parse(
                "app@acme.test",
                List.of(recipients.length == 0 ? new String[] {"ann@example.org"} : recipients),
                message);
    }

    private static String stored(SubmittedMessage message) {
        return new String(message.mime("<assigned@acme.test>", NOW, null), StandardCharsets.UTF_8);
    }

    private static AbstractThrowableAssert<?, ?> refused(String headers, String code) {
        return assertThatThrownBy(() -> parse(headers))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(code));
    }

    @Nested
    class WhatIsKept {
        @Test
        void theMessageIsStoredAsGiven_butForItsBccAndPostjectsOwnFields() {
            String headers = "From: App <app@acme.test>\r\nTo: Ann <ann@example.org>\r\nBcc: boss@example.org\r\n"
                    + "Subject: =?UTF-8?Q?Caf=C3=A9?=\r\nDate: Fri, 1 May 2026 10:00:00 +0000\r\n"
                    + "Message-ID: <client-1@acme.test>\r\nX-Postject-Tag: receipts\r\n"
                    + "X-Postject-Metadata-Order: 1042\r\nX-Postject-Track-Opens: true\r\n"
                    + "X-Postject-Track-Clicks: FALSE\r\nX-Postject-Idempotency-Key: k-1\r\n"
                    + "X-Campaign: spring\r\n";

            SubmittedMessage message = parse(headers, "ann@example.org", "boss@example.org");

            assertThat(stored(message))
                    .isEqualTo("From: App <app@acme.test>\r\nTo: Ann <ann@example.org>\r\n"
                            + "Subject: =?UTF-8?Q?Caf=C3=A9?=\r\nDate: Fri, 1 May 2026 10:00:00 +0000\r\n"
                            + "Message-ID: <client-1@acme.test>\r\nX-Campaign: spring\r\n\r\n" + BODY);
            assertThat(message.messageId()).isEqualTo("<client-1@acme.test>");
            assertThat(message.subject()).isEqualTo("Café");
            assertThat(message.tag()).isEqualTo("receipts");
            assertThat(message.metadata()).containsExactlyEntriesOf(java.util.Map.of("Order", "1042"));
            assertThat(message.trackOpens()).isTrue();
            assertThat(message.trackClicks()).isFalse();
            assertThat(message.idempotencyKey()).isEqualTo("k-1");
            assertThat(message.from()).isEqualTo("App <app@acme.test>");
            assertThat(message.fromAddress()).isEqualTo("app@acme.test");
        }

        @Test
        void aMessageWithoutMessageIdOrDate_getsPostjects() {
            SubmittedMessage message = parse("From: app@acme.test\r\nSubject: s\r\n");

            assertThat(message.messageId()).isNull();
            assertThat(stored(message))
                    .startsWith("From: app@acme.test\r\nSubject: s\r\nMessage-ID: <assigned@acme.test>\r\n"
                            + "Date: Fri, 1 May 2026 10:00:00 +0000\r\n\r\n");
        }

        @Test
        void envelopeRecipients_areListedUnderTheFieldThatNamesThem_elseAsBcc() {
            SubmittedMessage message = parse(
                    "From: app@acme.test\r\nTo: Ann <ANN@example.org>, list: a@x.test, b@example.org;\r\n"
                            + "Cc: cc@example.org\r\n",
                    "ann@example.org",
                    "b@example.org",
                    "cc@example.org",
                    "hidden@example.org");

            assertThat(message.to()).containsExactly("ann@example.org", "b@example.org");
            assertThat(message.cc()).containsExactly("cc@example.org");
            assertThat(message.bcc()).containsExactly("hidden@example.org");
            assertThat(message.envelopeFrom()).isEqualTo("app@acme.test");
        }

        @Test
        void aRelaysReceivedField_andUtf8Text_stay() {
            SubmittedMessage message =
                    parse("Received: from client by relay.acme.test; Fri, 1 May 2026 10:00:00 +0000\r\n"
                            + "From: Jörg <app@acme.test>\r\nSubject: Grüße\r\n");

            assertThat(stored(message)).startsWith("Received: from client by relay.acme.test;");
            assertThat(message.subject()).isEqualTo("Grüße");
            assertThat(message.from()).isEqualTo("\"Jörg\" <app@acme.test>");
        }

        @Test
        void trackingRewritesTheHtmlPartsOnly_andKeepsTheMessageId() throws Exception {
            String message = "From: app@acme.test\r\nMessage-ID: <m@acme.test>\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
                    + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nSee https://acme.test/a\r\n"
                    + "--b1\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                    + "<p><a href=\"https://acme.test/a\">a</a></p>\r\n--b1--\r\n";
            SubmittedMessage parsed = parse(message.getBytes(StandardCharsets.UTF_8));

            assertThat(parsed.hasHtml()).isTrue();
            byte[] tracked = parsed.mime("<other@acme.test>", NOW, html -> html.replace("https://", "https://t/"));

            MimeMessage out = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(tracked));
            assertThat(out.getMessageID()).isEqualTo("<m@acme.test>");
            Multipart parts = (Multipart) out.getContent();
            assertThat(parts.getBodyPart(0).getContent()).isEqualTo("See https://acme.test/a");
            assertThat((String) parts.getBodyPart(1).getContent()).contains("href=\"https://t/acme.test/a\"");
        }
    }

    @Nested
    class WhatIsRefused {
        @Test
        void aMessageWithoutFrom_orWithTwoSubjects_isMalformed() {
            refused("To: ann@example.org\r\n", "malformed_message");
            refused("From: app@acme.test\r\nSubject: a\r\nsubject: b\r\n", "malformed_message");
        }

        @Test
        void aFromThatIsNotOneValidAddress_isRefused() {
            refused("From: a@acme.test, b@acme.test\r\n", "invalid_address");
            refused("From: not an address\r\n", "invalid_address");
        }

        @Test
        void aSenderOtherThanTheFromOrTheEnvelopeSender_isRefused() {
            refused("From: app@acme.test\r\nSender: boss@elsewhere.test\r\n", "invalid_address");
            assertThat(parse("From: other@acme.test\r\nSender: app@acme.test\r\n")
                            .fromAddress())
                    .isEqualTo("other@acme.test");
        }

        @Test
        void headerLinesMustBeSound() {
            refused("From: app@acme.test\r\nX-Long: " + "a".repeat(1000) + "\r\n", "header_too_long");
            refused("From: app@acme.test\r\nX-Bell: \u0007\r\n", "malformed_message");
            refused("From: app@acme.test\r\nnot a field\r\n", "malformed_message");
            refused(" folded first\r\nFrom: app@acme.test\r\n", "malformed_message");
            byte[] latin1 = "From: app@acme.test\r\nSubject: Gr\u00fc\u00dfe\r\n\r\nx\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> parse(latin1))
                    .isInstanceOfSatisfying(
                            Refusal.class, r -> assertThat(r.code()).isEqualTo("malformed_message"));
        }

        @Test
        void headersThatFakeTheRouteOrClaimAuthentication_areRefused() {
            refused("From: app@acme.test\r\nDKIM-Signature: v=1; d=acme.test\r\n", "header_not_allowed");
            refused("From: app@acme.test\r\nAuthentication-Results: mx; dkim=pass\r\n", "header_not_allowed");
            refused("From: app@acme.test\r\nReturn-Path: <x@y.test>\r\n", "header_not_allowed");
            refused("From: app@acme.test\r\nResent-From: x@y.test\r\n", "header_not_allowed");
        }

        @Test
        void postjectsOwnFields_areCheckedAsARequestsFieldsAre() {
            refused("From: app@acme.test\r\nX-Postject-Colour: red\r\n", "unknown_header");
            refused("From: app@acme.test\r\nX-Postject-Track-Opens: yes\r\n", "invalid_value");
            refused("From: app@acme.test\r\nX-Postject-Tag: " + "t".repeat(101) + "\r\n", "invalid_tag");
            refused("From: app@acme.test\r\nX-Postject-Metadata-" + "k".repeat(41) + ": v\r\n", "invalid_metadata");
            refused(
                    "From: app@acme.test\r\nX-Postject-Metadata-a: 1\r\nX-Postject-Metadata-A: 2\r\n",
                    "invalid_metadata");
        }

        @Test
        void anUnreadableMimeStructure_isMalformed() {
            refused("From: app@acme.test\r\nContent-Type: multipart/mixed\r\n", "malformed_message");
        }

        @Test
        void aMessageOverTenMegabytes_isTooLarge() {
            byte[] large = new byte[(int) OutgoingEmail.MAX_BYTES + 1];
            assertThatThrownBy(() -> parse(large))
                    .isInstanceOfSatisfying(
                            Refusal.class, r -> assertThat(r.code()).isEqualTo("email_too_large"));
        }

        @Test
        void anEnvelopeRecipientPostjectCannotSendTo_isRefused() {
            assertThatThrownBy(() -> parse("From: app@acme.test\r\n", "\"quoted local\"@example.org"))
                    .isInstanceOfSatisfying(
                            Refusal.class, r -> assertThat(r.code()).isEqualTo("invalid_address"));
        }
    }
}
