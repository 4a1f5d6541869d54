package dev.postject.service.mail.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bounces real servers write for people, with no report part: Exchange's older text, qmail, Exim, Postfix's text. */
class TextBouncesTest {
    @Test
    void anExchange2007Ndr_givesEachRecipientFromRemoteServerReturned() {
        Dsn dsn = Fixtures.dsn("exchange/exchange2007-remote-server-returned.eml");

        assertThat(dsn.form()).isEqualTo(DsnForm.EXCHANGE_TEXT);
        assertThat(dsn.reportingMta()).isEqualTo("fabrikam.example"); // from postmaster@: no "Generating server"
        assertThat(dsn.recipients())
                .extracting(DsnRecipient::finalRecipient, DsnRecipient::action, DsnRecipient::status)
                .containsExactly(
                        tuple("old.employee@fabrikam.example", DsnAction.FAILED, "5.1.1"),
                        tuple("juergen@fabrikam.example", DsnAction.FAILED, null),
                        tuple("sales@fabrikam.example", DsnAction.FAILED, "5.2.2"));
        DsnRecipient unknown = dsn.recipients().get(0);
        assertThat(unknown.diagnosticCode().text())
                .isEqualTo("550 5.1.1 <old.employee@fabrikam.example>... User unknown");
        assertThat(unknown.smtpCode()).isEqualTo(550);
        assertThat(unknown.classification().toString()).isEqualTo("hard/mailbox_unknown");
        assertThat(dsn.recipients().get(1).classification().type()).isEqualTo(BounceType.UNDETERMINED);
        assertThat(dsn.recipients().get(2).classification().toString()).isEqualTo("soft/mailbox_full");
        assertThat(dsn.original().orElseThrow().messageId()).isEqualTo("<msg_6tY8uI0oP2aS4dF6gH8j@acme.example>");
    }

    @Test
    void anExchange2010NdrWhoseReportPartWasLost_isReadFromTheAdministratorsSection() {
        Dsn dsn = Fixtures.dsn("exchange/exchange2010-report-part-lost.eml");

        assertThat(dsn.form()).isEqualTo(DsnForm.EXCHANGE_TEXT);
        assertThat(dsn.reportingMta()).isEqualTo("EX01.fabrikam.example");
        assertThat(dsn.recipients()).singleElement().satisfies(recipient -> {
            assertThat(recipient.finalRecipient()).isEqualTo("jane.doe@fabrikam.example");
            assertThat(recipient.status()).isEqualTo("5.1.1");
            assertThat(recipient.diagnosticCode().text()).isEqualTo("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found");
        });
        assertThat(dsn.original()).hasValueSatisfying(original -> {
            assertThat(original.messageId()).isEqualTo("<msg_1qW3eR5tY7uI9oP1aS3d@acme.example>");
            assertThat(original.headersOnly()).isTrue();
        });
    }

    @Test
    void aQmailBounce_givesEachRecipientParagraph_withTheCodeItsTextQuotes() {
        Dsn dsn = Fixtures.dsn("qmail/two-recipients.eml");

        assertThat(dsn.form()).isEqualTo(DsnForm.QMAIL);
        assertThat(dsn.reportingMta()).isEqualTo("mail.widgets.example");
        assertThat(dsn.recipients())
                .extracting(DsnRecipient::finalRecipient, DsnRecipient::status, DsnRecipient::remoteMta)
                .containsExactly(
                        tuple("nosuchuser@widgets.example", "5.1.1", null),
                        tuple("partner@elsewhere.example", "5.7.1", "192.0.2.25"));
        assertThat(dsn.recipients().get(0).diagnosticCode().text())
                .isEqualTo("Sorry, no mailbox here by that name. (#5.1.1)");
        assertThat(dsn.recipients().get(0).classification().toString()).isEqualTo("hard/mailbox_unknown");
        assertThat(dsn.recipients().get(1).smtpCode()).isEqualTo(550);
        assertThat(dsn.recipients().get(1).classification().toString()).isEqualTo("block/relay_denied");
        assertThat(dsn.original()).hasValueSatisfying(original -> {
            assertThat(original.messageId()).isEqualTo("<msg_5rT7yU9iO1pA3sD5fG7h@acme.example>");
            assertThat(original.returnPath())
                    .isEqualTo("bounces+UW1haWw.msg_5rT7yU9iO1pA3sD5fG7h@bounces.postject.test");
            assertThat(original.headersOnly()).isFalse();
        });
    }

    @Test
    void anEximBounce_givesEachFailedAddress_withTheRemoteReplyOrEximsOwnReason() {
        Dsn dsn = Fixtures.dsn("exim/failed.eml");

        assertThat(dsn.form()).isEqualTo(DsnForm.EXIM);
        assertThat(dsn.reportingMta()).isEqualTo("mx1.gadgets.example");
        assertThat(dsn.recipients()).hasSize(2);
        DsnRecipient ghost = dsn.recipients().get(0);
        assertThat(ghost.finalRecipient()).isEqualTo("ghost@gadgets.example");
        assertThat(ghost.action()).isEqualTo(DsnAction.FAILED);
        assertThat(ghost.status()).isEqualTo("5.1.1");
        assertThat(ghost.smtpCode()).isEqualTo(550);
        assertThat(ghost.remoteMta()).isEqualTo("mail.gadgets.example");
        assertThat(ghost.diagnosticCode().text())
                .startsWith(
                        "host mail.gadgets.example [198.51.100.7] SMTP error from remote mail server after RCPT TO:")
                .endsWith("550 5.1.1 <ghost@gadgets.example>: Recipient address rejected: User unknown in local"
                        + " recipient table");
        DsnRecipient unrouteable = dsn.recipients().get(1);
        assertThat(unrouteable.finalRecipient()).isEqualTo("someone@nowhere.invalid");
        assertThat(unrouteable.status()).isNull();
        assertThat(unrouteable.diagnosticCode().text()).isEqualTo("Unrouteable address");
        assertThat(unrouteable.classification().toString()).isEqualTo("hard/domain_unknown");
        assertThat(dsn.original().orElseThrow().messageId()).isEqualTo("<msg_8iU6yT4rE2wQ0pO8iU6y@acme.example>");
    }

    @Test
    void anEximDelayWarning_isDelayed_andItsGreylistingIsSoft() {
        Dsn dsn = Fixtures.dsn("exim/delayed.eml");

        assertThat(dsn.recipients()).singleElement().satisfies(recipient -> {
            assertThat(recipient.finalRecipient()).isEqualTo("slowpoke@greylist.example");
            assertThat(recipient.action()).isEqualTo(DsnAction.DELAYED);
            assertThat(recipient.status()).isEqualTo("4.7.1");
            assertThat(recipient.classification().toString()).isEqualTo("soft/greylisted");
        });
    }

    @Test
    void postfixsNotificationTextAlone_isStillABounce() {
        String message = "From: Mail Delivery System <MAILER-DAEMON@mta.example>\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\nContent-Type: text/plain\r\n\r\n"
                + "This is the mail system at host mta.example.\r\n\r\n"
                + "I'm sorry to have to inform you that your message could not\r\n"
                + "be delivered to one or more recipients. It's attached below.\r\n\r\n"
                + "<gone@example.net>: host mx.example.net[192.0.2.9] said: 550 5.1.1\r\n"
                + "    <gone@example.net>: Recipient address rejected: User unknown (in reply to\r\n"
                + "    RCPT TO command)\r\n";

        Dsn dsn = (Dsn) DeliveryReports.parse(message.getBytes(StandardCharsets.US_ASCII));

        assertThat(dsn.form()).isEqualTo(DsnForm.POSTFIX_TEXT);
        assertThat(dsn.reportingMta()).isEqualTo("mta.example");
        assertThat(dsn.recipients()).singleElement().satisfies(recipient -> {
            assertThat(recipient.finalRecipient()).isEqualTo("gone@example.net");
            assertThat(recipient.status()).isEqualTo("5.1.1");
            assertThat(recipient.remoteMta()).isEqualTo("mx.example.net");
            assertThat(recipient.smtpCode()).isEqualTo(550);
        });
    }
}
