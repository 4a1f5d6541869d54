package dev.postject.service.mail.reports;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what a message received on the bounce address says: a delivery status notification, a
 * complaint, or nothing. Standard reports are found by their machine-readable part. Every input
 * is someone else's: it is read within the bounds below, and anything at all, malformed MIME
 * included, gives a result rather than an exception (at worst a {@link Dsn} with what could be
 * read, or {@link NotAReport}).
 */
public final class DeliveryReports {
    /** Bytes of a message that are read; the rest is ignored (report parts come before the returned message). */
    public static final int MAX_INPUT_BYTES = 4 * 1024 * 1024;
    /** Multiparts nested deeper than this are not looked into. */
    public static final int MAX_DEPTH = 8;
    /** MIME parts read; the rest of the message is ignored. */
    public static final int MAX_PARTS = 64;
    /** Bytes of each text or message part that are read. */
    public static final int MAX_PART_BYTES = 64 * 1024;
    /** Recipients read from one report. */
    public static final int MAX_RECIPIENTS = 100;
    /** Characters kept of one field's value or one diagnostic. */
    public static final int MAX_TEXT = 2000;

    private static final Set<String> OTHER_REPORT_TYPES =
            Set.of("message/disposition-notification", "message/global-disposition-notification");
    private static final Pattern AUTO_REPLY_SUBJECT = Pattern.compile(
            "^(?:auto(?:matic)?[ -]?(?:reply|response)|auto:|out of (?:the )?office|abwesenheitsnotiz|r[ée]ponse automatique"
                    + "|vacation|away from)",
            Pattern.CASE_INSENSITIVE);

    private DeliveryReports() {}

    /** What {@code message}, a whole message as received (header and body), says. */
    public static DeliveryReport parse(byte[] message) {
        if (message == null || message.length == 0) {
            return new NotAReport(NotAReport.Reason.UNREADABLE);
        }
        ReportPart root = ReportReader.read(message);
        if (root == null || root.headers().list().isEmpty()) {
            return new NotAReport(NotAReport.Reason.UNREADABLE);
        }
        Optional<Complaint> complaint = StandardReports.complaint(root);
        if (complaint.isPresent()) {
            return complaint.get();
        }
        Optional<Dsn> standard = StandardReports.dsn(root);
        if (standard.isPresent() && !standard.get().recipients().isEmpty()) {
            return standard.get();
        }
        if (standard.isPresent()) {
            return standard.get(); // even naming no one: what could be read
        }
        if (isAutoReply(root.headers())) {
            return new NotAReport(NotAReport.Reason.AUTO_REPLY);
        }
        if (root.mimeType().equals("multipart/report")
                || root.find(OTHER_REPORT_TYPES).isPresent()) {
            return new NotAReport(NotAReport.Reason.OTHER_REPORT);
        }
        return new NotAReport(NotAReport.Reason.ORDINARY_MESSAGE);
    }

    /** An automatic reply by RFC 3834's {@code Auto-Submitted}, the vacation programs' own fields, or its subject. */
    private static boolean isAutoReply(Fields headers) {
        String submitted = headers.first("Auto-Submitted");
        String precedence = headers.first("Precedence");
        String subject = headers.decoded("Subject");
        return (submitted != null && !submitted.toLowerCase(Locale.ROOT).startsWith("no"))
                || headers.has("X-Autoreply")
                || headers.has("X-Autorespond")
                || (precedence != null && precedence.toLowerCase(Locale.ROOT).contains("auto_reply"))
                || (subject != null && AUTO_REPLY_SUBJECT.matcher(subject).find());
    }
}
