package dev.postject.service.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postject.service.platform.errors.Refusal;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The header rules of a send request, without a database: what is refused, and why. */
class OutgoingEmailTest {

    private static EmailRequest request(Map<String, String> headers) {
        return request("Hi", "x", headers, null, List.of());
    }

    private static EmailRequest request(
            String subject,
            String text,
            Map<String, String> headers,
            String tag,
            List<EmailRequest.Attachment> attachments) {
        return new EmailRequest(
                "Sender <sender@example.net>",
                List.of("rcpt@example.org"),
                null,
                null,
                null,
                subject,
                text,
                null,
                headers,
                tag,
                null,
                attachments,
                null,
                null);
    }

    private static AbstractThrowableAssert<?, ?> refused(EmailRequest request, String code, String field) {
        return assertThatThrownBy(() -> OutgoingEmail.of(request)).isInstanceOfSatisfying(Refusal.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    private static void allRefused(String... names) {
        for (String name : names) {
            refused(request(Map.of(name, "value")), "header_not_allowed", "headers")
                    .as(name)
                    .hasMessageContaining(name);
        }
    }

    @Nested
    class RefusedHeaders {
        @Test
        void resentHeaders_areRefused() {
            allRefused("Resent-From", "Resent-To", "resent-message-id", "RESENT-DATE");
        }

        @Test
        void traceAndRoutingHeaders_areRefused() {
            allRefused("Received", "Return-Path", "Delivered-To", "Errors-To", "X-Original-To", "Envelope-To");
        }

        @Test
        void authenticationHeaders_areRefused() {
            allRefused(
                    "DKIM-Signature",
                    "ARC-Seal",
                    "ARC-Message-Signature",
                    "arc-authentication-results",
                    "Authentication-Results",
                    "Received-SPF");
        }

        @Test
        void mimeStructureHeaders_areRefused() {
            allRefused(
                    "Content-Disposition",
                    "Content-Type",
                    "Content-Transfer-Encoding",
                    "Content-ID",
                    "content-language",
                    "MIME-Version");
        }

        @Test
        void theAddressAndIdentityHeadersPostjectWrites_areRefused() {
            allRefused("From", "To", "Cc", "Bcc", "Reply-To", "Sender", "Subject", "Date", "Message-ID", "bcc");
        }
    }

    @Nested
    class AllowedHeaders {
        @Test
        void customListAndThreadingHeaders_areKept_inTheirOrder() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Campaign", "spring-2026");
            headers.put("List-Unsubscribe", "<https://example.net/u/1>, <mailto:u@example.net?subject=1>");
            headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            headers.put("In-Reply-To", "<msg_1@example.net>");
            headers.put("References", "<a.1@example.net> <msg_1@example.net>");
            headers.put("X-Note", "Grüße\taus Köln");

            assertThat(OutgoingEmail.of(request(headers)).headers()).containsExactlyEntriesOf(headers);
        }

        @Test
        void threadingHeaders_mustBeMessageIds() {
            for (String value :
                    List.of("msg_1@example.net", "<no-at-sign>", "<a@b> junk", "<a b@c>", "<é@example.net>")) {
                refused(request(Map.of("In-Reply-To", value)), "invalid_header", "headers")
                        .as(value);
                refused(request(Map.of("References", value)), "invalid_header", "headers")
                        .as(value);
            }
        }

        @Test
        void listUnsubscribe_mustBeUrisInAngleBrackets() {
            refused(request(Map.of("List-Unsubscribe", "https://example.net/u")), "invalid_header", "headers");
            refused(request(Map.of("List-Unsubscribe", "<https://example.net/ü>")), "invalid_header", "headers");
        }

        @Test
        void headerNames_areLettersDigitsAndDashes() {
            for (String name : List.of("X Space", "X:Colon", "X_Under", "", "X".repeat(65))) {
                refused(request(Map.of(name, "v")), "invalid_header", "headers").as(name);
            }
        }
    }

    @Nested
    class HeaderShape {
        @Test
        void controlCharacters_areRefused_inHeaderValuesSubjectTagNamesAndFilenames() {
            for (String bad :
                    List.of("a\u0000b", "a\u000Bb", "a\u000Cb", "a\u001Bb", "a\u007Fb", "a\u0085b", "a\rb", "a\nb")) {
                refused(request(Map.of("X-Bad", bad)), "invalid_value", "headers")
                        .as(bad);
                refused(request(bad, "x", Map.of(), null, List.of()), "invalid_value", "subject")
                        .as(bad);
                refused(request("s", "x", Map.of(), bad, List.of()), "invalid_value", "tag")
                        .as(bad);
                refused(
                                request(
                                        "s",
                                        "x",
                                        Map.of(),
                                        null,
                                        List.of(new EmailRequest.Attachment(bad + ".txt", null, "AA=="))),
                                "invalid_value",
                                "attachments[0].filename")
                        .as(bad);
                EmailRequest named = new EmailRequest(
                        "\"Se" + bad + "nder\" <sender@example.net>",
                        List.of("rcpt@example.org"),
                        null,
                        null,
                        null,
                        "s",
                        "x",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
                refused(named, "invalid_value", "from").as(bad);
            }
            refused(request(Map.of("X-Half", "a\uD800b")), "invalid_value", "headers");
            assertThat(OutgoingEmail.of(request("tab\there", "x", Map.of("X-Tab", "a\tb"), "t\tag", List.of()))
                            .subject())
                    .isEqualTo("tab\there");
        }

        @Test
        void aLongValueWithSpaces_isAccepted_forItFolds_butOneWithAWordTooLongForALineIsNot() {
            assertThat(OutgoingEmail.of(request(
                                    Map.of("X-Long", "word ".repeat(1_000).trim())))
                            .headers())
                    .containsKey("X-Long");
            refused(request(Map.of("X-Word", "x".repeat(5_000))), "header_too_long", "headers")
                    .hasMessageContaining("X-Word");
            refused(request(Map.of("X-Word", "x".repeat(991))), "header_too_long", "headers");
            // "X-Word: " and 990 characters: 998, one line that fits
            assertThat(OutgoingEmail.of(request(Map.of("X-Word", "x".repeat(990))))
                            .headers())
                    .containsKey("X-Word");
            refused(request("s" + "x".repeat(990), "x", Map.of(), null, List.of()), "header_too_long", "subject");
            // non-ASCII text goes out as encoded-words, which fold anywhere
            assertThat(OutgoingEmail.of(
                                    request("ü".repeat(998), "x", Map.of("X-U", "ü".repeat(8_000)), null, List.of()))
                            .subject())
                    .hasSize(998);
        }

        @Test
        void aHeaderValue_holdsAtMost8192Characters() {
            assertThat(OutgoingEmail.of(request(Map.of("X-Max", "ab ".repeat(2_730) + "ab")))
                            .headers())
                    .containsKey("X-Max");
            refused(request(Map.of("X-Big", "ab ".repeat(2_731))), "header_too_long", "headers")
                    .hasMessageContaining("8192");
        }

        @Test
        void displayNamesAndAddresses_haveSaneLengths() {
            EmailRequest longName = new EmailRequest(
                    "\"" + "N".repeat(257) + "\" <sender@example.net>",
                    List.of("rcpt@example.org"),
                    null,
                    null,
                    null,
                    "s",
                    "x",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            refused(longName, "invalid_address", "from");
            EmailRequest longAddress = new EmailRequest(
                    "sender@" + "d".repeat(60) + "." + "e".repeat(60) + "." + "f".repeat(60) + "." + "g".repeat(60)
                            + ".example",
                    List.of("rcpt@example.org"),
                    null,
                    null,
                    null,
                    "s",
                    "x",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            refused(longAddress, "invalid_address", "from");
        }
    }

    @Nested
    class Size {
        @Test
        void headers_countInTheTenMegabyteLimit() {
            String body = "x".repeat((int) OutgoingEmail.MAX_BYTES - 4_000);
            assertThat(OutgoingEmail.of(request("s", body, Map.of(), null, List.of()))
                            .text())
                    .isEqualTo(body);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < 5; i++) {
                headers.put("X-Pad-" + i, "pad ".repeat(250));
            }
            refused(request("s", body, headers, null, List.of()), "email_too_large", "headers");
        }

        @Test
        void attachments_countTooAsBefore() {
            String content = Base64.getEncoder().encodeToString(new byte[(int) OutgoingEmail.MAX_BYTES]);
            refused(
                    request("s", "x", Map.of(), null, List.of(new EmailRequest.Attachment("a.bin", null, content))),
                    "email_too_large",
                    "attachments");
        }
    }
}
