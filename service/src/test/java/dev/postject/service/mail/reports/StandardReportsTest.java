package dev.postject.service.mail.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 3464 notifications and RFC 5965 feedback reports. The Postfix ones were made by a real
 * Postfix 3.7 ({@code reports/postfix/make-fixtures.sh}); the Office 365 and ARF ones follow
 * what those providers send.
 */
class StandardReportsTest {
    @Test
    void aPostfixBounceForTwoUnknownRecipients_givesBothWithStatusDiagnosticAndTheOriginal() {
        Dsn dsn = Fixtures.dsn("postfix/user-unknown-two-recipients.eml");

        assertThat(dsn.form()).isEqualTo(DsnForm.RFC_3464);
        assertThat(dsn.reportingMta()).isEqualTo("mta.postject.test");
        assertThat(dsn.arrivalDate()).isEqualTo(Instant.parse("2026-12-02T00:59:10Z"));
        assertThat(dsn.recipients()).hasSize(2);
        DsnRecipient first = dsn.recipients().get(0);
        assertThat(first.finalRecipient()).isEqualTo("unknown.one@example.net");
        assertThat(first.originalRecipient()).isEqualTo("unknown.one@example.net");
        assertThat(first.action()).isEqualTo(DsnAction.FAILED);
        assertThat(first.status()).isEqualTo("5.1.1");
        assertThat(first.remoteMta()).isEqualTo("127.0.0.1");
        // Postfix folds a long Diagnostic-Code over two lines: read as one
        assertThat(first.diagnosticCode())
                .isEqualTo(new DiagnosticCode(
                        "smtp",
                        "550 5.1.1 <unknown.one@example.net>: Recipient address rejected: User unknown in virtual"
                                + " mailbox table"));
        assertThat(first.smtpCode()).isEqualTo(550);
        assertThat(first.classification())
                .isEqualTo(new BounceClassification(BounceType.HARD, BounceSubtype.MAILBOX_UNKNOWN));
        assertThat(dsn.recipients().get(1).finalRecipient()).isEqualTo("unknown.two@example.net");
        assertThat(dsn.original())
                .contains(new OriginalMessage(
                        "<msg_2fK9sT4wQxZ7vB1nM6dR@acme.example>",
                        "Acme Billing <billing@acme.example>",
                        "unknown.one@example.net, unknown.two@example.net",
                        "Your invoice № 1042",
                        "bounces+Qm9uY2U.msg_2fK9sT4wQxZ7vB1nM6dR@bounces.postject.test",
                        false));
    }

    @Test
    void aPostfixBounceAfterRetriesRunOut_isFailedWithTheTemporaryStatus_andReturnsOnlyTheHeaders() {
        Dsn dsn = Fixtures.dsn("postfix/mailbox-full-headers-only.eml");

        DsnRecipient recipient = dsn.recipients().get(0);
        assertThat(recipient.action()).isEqualTo(DsnAction.FAILED);
        assertThat(recipient.status()).isEqualTo("4.2.2");
        assertThat(recipient.smtpCode()).isEqualTo(452);
        assertThat(recipient.classification())
                .isEqualTo(new BounceClassification(BounceType.SOFT, BounceSubtype.MAILBOX_FULL));
        assertThat(dsn.original()).hasValueSatisfying(original -> {
            assertThat(original.headersOnly()).isTrue();
            assertThat(original.messageId()).isEqualTo("<msg_7hJ3kL9pQ2rS5tU8vW1x@acme.example>");
            assertThat(original.returnPath())
                    .isEqualTo("bounces+RnVsbA.msg_7hJ3kL9pQ2rS5tU8vW1x@bounces.postject.test");
        });
    }

    @Test
    void aPostfixBounceAfterData_isAMessageTooLarge() {
        DsnRecipient recipient =
                Fixtures.dsn("postfix/message-too-large.eml").recipients().get(0);

        assertThat(recipient.finalRecipient()).isEqualTo("large.one@example.com");
        assertThat(recipient.status()).isEqualTo("5.3.4");
        assertThat(recipient.diagnosticCode().text())
                .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
        assertThat(recipient.classification())
                .isEqualTo(new BounceClassification(BounceType.SOFT, BounceSubtype.MESSAGE_TOO_LARGE));
    }

    @Test
    void aPostfixDelayWarning_isADelayedAction() {
        Dsn dsn = Fixtures.dsn("postfix/delayed.eml");

        assertThat(dsn.recipients()).singleElement().satisfies(recipient -> {
            assertThat(recipient.finalRecipient()).isEqualTo("full.later@example.org");
            assertThat(recipient.action()).isEqualTo(DsnAction.DELAYED);
            assertThat(recipient.status()).isEqualTo("4.2.2");
        });
        assertThat(dsn.original().orElseThrow().messageId()).isEqualTo("<msg_9zY8xW7vU6tS5rQ4pO3n@acme.example>");
    }

    @Test
    void anOffice365Ndr_isReadFromItsReportPart_andItsRecipientNotFound5_1_10IsAnUnknownMailbox() {
        Dsn dsn = Fixtures.dsn("exchange/office365-recipient-not-found.eml");

        assertThat(dsn.form()).isEqualTo(DsnForm.RFC_3464);
        assertThat(dsn.reportingMta()).isEqualTo("AM0PR01MB1234.eurprd01.prod.exchangelabs.com");
        assertThat(dsn.arrivalDate()).isEqualTo(Instant.parse("2026-12-01T09:20:10Z"));
        DsnRecipient recipient = dsn.recipients().get(0);
        assertThat(recipient.finalRecipient()).isEqualTo("nobody@contoso.com");
        assertThat(recipient.originalRecipient()).isNull();
        assertThat(recipient.status()).isEqualTo("5.1.10");
        assertThat(recipient.diagnosticCode().text())
                .isEqualTo("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup");
        // 5.1.10 is "null MX" in RFC 7505; Microsoft means an unknown recipient: both hard
        assertThat(recipient.classification())
                .isEqualTo(new BounceClassification(BounceType.HARD, BounceSubtype.MAILBOX_UNKNOWN));
        assertThat(dsn.original()).hasValueSatisfying(original -> {
            assertThat(original.messageId()).isEqualTo("<msg_3cV5bN7mQ9wE1rT3yU5i@acme.example>");
            assertThat(original.returnPath())
                    .isEqualTo("bounces+T2ZmaWNl.msg_3cV5bN7mQ9wE1rT3yU5i@bounces.postject.test");
            assertThat(original.headersOnly()).isTrue();
        });
    }

    @Test
    void aFullAbuseReport_givesEveryFeedbackField_andTheReportedMessage() {
        Complaint complaint = Fixtures.complaint("arf/abuse-full.eml");

        assertThat(complaint.feedbackType()).isEqualTo(FeedbackType.ABUSE);
        assertThat(complaint.userAgent()).isEqualTo("Mailbox-Feedback/2.0");
        assertThat(complaint.version()).isEqualTo("1");
        assertThat(complaint.originalMailFrom())
                .isEqualTo("bounces+QWJ1c2U.msg_2wE4rT6yU8iO0pA2sD4f@bounces.postject.test");
        assertThat(complaint.originalRcptTo()).containsExactly("reader@mailbox.example");
        assertThat(complaint.arrivalDate()).isEqualTo(Instant.parse("2026-12-01T09:15:05Z"));
        assertThat(complaint.reportedDomains()).containsExactly("acme.example");
        assertThat(complaint.sourceIp()).isEqualTo("198.51.100.20");
        assertThat(complaint.original())
                .contains(new OriginalMessage(
                        "<msg_2wE4rT6yU8iO0pA2sD4f@acme.example>",
                        "Acme News <news@acme.example>",
                        "reader@mailbox.example",
                        "Winter sale — 50% off",
                        "bounces+QWJ1c2U.msg_2wE4rT6yU8iO0pA2sD4f@bounces.postject.test",
                        false));
    }

    @Test
    void aRedactedReport_withoutRecipient_stillNamesTheOriginalByMessageIdAndReturnPath() {
        Complaint complaint = Fixtures.complaint("arf/redacted-headers-only.eml");

        assertThat(complaint.feedbackType()).isEqualTo(FeedbackType.ABUSE);
        assertThat(complaint.originalRcptTo()).isEmpty();
        assertThat(complaint.originalMailFrom()).isNull();
        assertThat(complaint.arrivalDate()).isEqualTo(Instant.parse("2026-12-01T09:15:06Z")); // Received-Date, GMT
        assertThat(complaint.original()).hasValueSatisfying(original -> {
            assertThat(original.headersOnly()).isTrue();
            assertThat(original.to()).isEqualTo("xxxxxxxxxx@mailbox.example");
            assertThat(original.messageId()).isEqualTo("<msg_4rT6yU8iO0pA2sD4fG6h@acme.example>");
            assertThat(original.returnPath())
                    .isEqualTo("bounces+UmVkYWN0.msg_4rT6yU8iO0pA2sD4fG6h@bounces.postject.test");
        });
    }

    @Test
    void feedbackTypesAreReadByName_andAnUnknownOneIsOther() {
        assertThat(List.of("abuse", "Fraud", "virus", "not-spam", "auth-failure", "opt-out", ""))
                .map(FeedbackType::of)
                .containsExactly(
                        FeedbackType.ABUSE,
                        FeedbackType.FRAUD,
                        FeedbackType.VIRUS,
                        FeedbackType.NOT_SPAM,
                        FeedbackType.AUTH_FAILURE,
                        FeedbackType.OTHER,
                        FeedbackType.OTHER);
        assertThat(FeedbackType.NOT_SPAM.code()).isEqualTo("not-spam");
    }

    @Test
    void aReportWithoutEmptyLinesBetweenRecipients_stillGivesEach() {
        String message = "From: MAILER-DAEMON@mx.example\r\nSubject: x\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nSorry.\r\n"
                + "--b\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.example\r\n"
                + "Original-Recipient: rfc822;a@example.com\r\nFinal-Recipient: rfc822;a@example.com\r\n"
                + "Action: failed\r\nStatus: 5.1.1\r\n"
                + "Original-Recipient: rfc822;b@example.com\r\nFinal-Recipient: RFC822; <B@example.com>\r\n"
                + "Action: Delayed (will retry)\r\nStatus: 4.4.1 (connection timed out)\r\n"
                + "--b--\r\n";

        Dsn dsn = (Dsn) DeliveryReports.parse(message.getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertThat(dsn.recipients())
                .extracting(DsnRecipient::finalRecipient, DsnRecipient::action, DsnRecipient::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a@example.com", DsnAction.FAILED, "5.1.1"),
                        org.assertj.core.groups.Tuple.tuple("B@example.com", DsnAction.DELAYED, "4.4.1"));
        assertThat(dsn.reportingMta()).isEqualTo("mx.example");
    }
}
