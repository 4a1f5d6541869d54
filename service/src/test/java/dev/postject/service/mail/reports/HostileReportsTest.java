package dev.postject.service.mail.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Anyone can send anything to the bounce address: whatever arrives gives a result, within bounds
 * of time and memory, and never an exception.
 */
class HostileReportsTest {
    private static final List<String> FIXTURES = List.of(
            "postfix/user-unknown-two-recipients.eml",
            "exchange/office365-recipient-not-found.eml",
            "exchange/exchange2007-remote-server-returned.eml",
            "qmail/two-recipients.eml",
            "exim/failed.eml",
            "arf/redacted-headers-only.eml");

    private static final String STATUS_PART = "Content-Type: message/delivery-status\r\n\r\n"
            + "Reporting-MTA: dns; mx.example\r\n\r\n"
            + "Final-Recipient: rfc822; deep@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n";

    @Test
    void aGarbledReport_givesWhatCouldBeRead_andNoRecipientFromFieldsThatMeanNothing() {
        Dsn dsn = Fixtures.dsn("other/forged-garbled.eml");

        assertThat(dsn.form()).isEqualTo(DsnForm.RFC_3464);
        assertThat(dsn.recipients()).isEmpty();
        assertThat(dsn.original()).isEmpty(); // "this is not a message at all" has no header
    }

    @Test
    void anOutOfOfficeReply_isNotAReport_evenWhenItMentionsA550() {
        assertThat(DeliveryReports.parse(Fixtures.bytes("other/auto-reply.eml")))
                .isEqualTo(new NotAReport(NotAReport.Reason.AUTO_REPLY));
    }

    @Test
    void aReadReceipt_isAnotherKindOfReport_andAReply_anOrdinaryMessage() {
        assertThat(DeliveryReports.parse(Fixtures.bytes("other/read-receipt.eml")))
                .isEqualTo(new NotAReport(NotAReport.Reason.OTHER_REPORT));
        assertThat(DeliveryReports.parse(Fixtures.bytes("other/ordinary-message.eml")))
                .isEqualTo(new NotAReport(NotAReport.Reason.ORDINARY_MESSAGE));
    }

    @Test
    void nothing_orBytesWithNoHeader_areUnreadable() {
        assertThat(DeliveryReports.parse(null)).isEqualTo(new NotAReport(NotAReport.Reason.UNREADABLE));
        assertThat(DeliveryReports.parse(new byte[0])).isEqualTo(new NotAReport(NotAReport.Reason.UNREADABLE));
        assertThat(DeliveryReports.parse("\r\n\r\njust a body".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(new NotAReport(NotAReport.Reason.UNREADABLE));
    }

    @Test
    void aReportInsideAGatewaysWrapper_isFound() {
        String wrapped = "From: gateway@example.com\r\nSubject: fwd\r\n"
                + "Content-Type: multipart/mixed; boundary=outer\r\n\r\n"
                + "--outer\r\nContent-Type: text/plain\r\n\r\nScanned by the gateway.\r\n"
                + "--outer\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=inner\r\n\r\n"
                + "--inner\r\n" + STATUS_PART + "--inner--\r\n--outer--\r\n";

        Dsn dsn = (Dsn) DeliveryReports.parse(wrapped.getBytes(StandardCharsets.US_ASCII));

        assertThat(dsn.recipients()).extracting(DsnRecipient::finalRecipient).containsExactly("deep@example.com");
    }

    @Test
    void multipartsNestedTenThousandDeep_areReadQuickly_andTheirDepthsIgnored() {
        int depth = 10_000;
        StringBuilder message = new StringBuilder("From: x@example.com\r\n");
        for (int level = 0; level < depth; level++) {
            message.append("Content-Type: multipart/mixed; boundary=b")
                    .append(level)
                    .append("\r\n\r\n--b")
                    .append(level)
                    .append("\r\n");
        }
        message.append(STATUS_PART);

        DeliveryReport report =
                parseWithin(message.toString().getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5));

        assertThat(report).isInstanceOf(NotAReport.class); // the report is far below the depth that is read
    }

    @Test
    void aHundredThousandParts_areReadQuickly_andOnlyTheFirstOnesLookedAt() {
        StringBuilder message =
                new StringBuilder("From: x@example.com\r\nContent-Type: multipart/mixed; boundary=p\r\n\r\n");
        message.append("--p\r\n").append(STATUS_PART);
        for (int part = 0; part < 100_000; part++) {
            message.append("--p\r\nContent-Type: text/plain\r\n\r\nx\r\n");
        }
        message.append("--p--\r\n");

        Dsn dsn = (Dsn) parseWithin(message.toString().getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5));

        assertThat(dsn.recipients()).hasSize(1);
    }

    @Test
    void aReportNamingTenThousandRecipients_givesTheFirstHundred() {
        StringBuilder message = new StringBuilder("From: x@example.com\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=r\r\n\r\n"
                + "--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n");
        for (int recipient = 0; recipient < 10_000; recipient++) {
            message.append("Final-Recipient: rfc822; r").append(recipient).append("@example.com\r\n");
            message.append("Action: failed\r\nStatus: 5.1.1\r\n\r\n");
        }
        message.append("--r--\r\n");

        Dsn dsn = (Dsn) parseWithin(message.toString().getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5));

        assertThat(dsn.recipients()).hasSize(DeliveryReports.MAX_RECIPIENTS);
        assertThat(dsn.recipients().get(99).finalRecipient()).isEqualTo("r99@example.com");
    }

    @Test
    void aTwentyMegabyteBounce_isReadFromItsFirstMegabytes() {
        byte[] report = Fixtures.bytes("postfix/user-unknown-two-recipients.eml");
        String text = new String(report, StandardCharsets.US_ASCII);
        int body = text.indexOf("Hello, your invoice is attached.");
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        big.write(report, 0, body);
        byte[] line = ("A".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        while (big.size() < 20 * 1024 * 1024) {
            big.write(line, 0, line.length);
        }

        Dsn dsn = (Dsn) parseWithin(big.toByteArray(), Duration.ofSeconds(5));

        assertThat(dsn.recipients()).hasSize(2);
        assertThat(dsn.original().orElseThrow().messageId()).isEqualTo("<msg_2fK9sT4wQxZ7vB1nM6dR@acme.example>");
    }

    @Test
    void endlessLinesAndHeaders_giveBoundedValues() {
        String huge = "x".repeat(3 * 1024 * 1024);
        String oneLineHeader = "From: x@example.com\r\nSubject: " + huge + "\r\n\r\nbody\r\n";
        String endlessStatus = "From: x@example.com\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=r\r\n\r\n"
                + "--r\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Final-Recipient: rfc822; a@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 " + "a@".repeat(30_000) + "\r\n--r--\r\n";
        String manyHeaders = "From: x@example.com\r\n" + "X-Filler: y\r\n".repeat(200_000) + "\r\nbody\r\n";

        for (String message : List.of(oneLineHeader, endlessStatus, manyHeaders)) {
            DeliveryReport report = parseWithin(message.getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5));
            if (report instanceof Dsn dsn) {
                assertThat(dsn.recipients().get(0).diagnosticCode().text())
                        .hasSizeLessThanOrEqualTo(DeliveryReports.MAX_TEXT);
                assertThat(dsn.recipients().get(0).classification().type()).isEqualTo(BounceType.HARD);
            }
        }
    }

    @Test
    void randomBytes_andEveryFixtureCutShortOrCorrupted_neverThrow() {
        Random random = new Random(20261201);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 300; i++) {
                byte[] noise = new byte[random.nextInt(4096)];
                random.nextBytes(noise);
                assertThat(DeliveryReports.parse(noise)).isNotNull();
            }
            for (String fixture : FIXTURES) {
                byte[] original = Fixtures.bytes(fixture);
                for (int cut = 0; cut < original.length; cut += 97) {
                    assertThat(DeliveryReports.parse(Arrays.copyOf(original, cut)))
                            .isNotNull();
                }
                for (int i = 0; i < 100; i++) {
                    byte[] corrupted = original.clone();
                    for (int flip = 0; flip < 20; flip++) {
                        corrupted[random.nextInt(corrupted.length)] = (byte) random.nextInt(256);
                    }
                    assertThat(DeliveryReports.parse(corrupted)).isNotNull();
                }
            }
        });
    }

    private static DeliveryReport parseWithin(byte[] message, Duration limit) {
        return assertTimeoutPreemptively(limit, () -> DeliveryReports.parse(message));
    }
}
