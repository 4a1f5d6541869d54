package dev.postject.service.mail.reports;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads what a message received on the bounce address says: a delivery status notification, a
 * complaint, or nothing. Standard reports are found by their machine-readable part; the other
 * forms real servers send (Exchange's older text, qmail's, Exim's, Postfix's text alone) by their
 * words. Every input is someone else's: it is read within the bounds below, and anything at all,
 * malformed MIME included, gives a result rather than an exception (at worst a {@link Dsn} with
 * what could be read, or {@link NotAReport}).
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
        Optional<Dsn> written = textForm(root, root.notificationText()).map(dsn -> completed(dsn, standard, root));
        if (written.isPresent()
                && (standard.isEmpty() || !written.get().recipients().isEmpty())) {
            return written.get();
        }
        if (standard.isPresent()) {
            return standard.get(); // a delivery-status part naming no one, and no text that does: what could be read
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

    /** The first text form the notification is written in, tried from the most distinctive. */
    private static Optional<Dsn> textForm(ReportPart root, String text) {
        List<Function<String, Optional<Dsn>>> forms = List.of(
                TextBounces::qmail,
                TextBounces::exim,
                written -> ExchangeNdrs.parse(root, written),
                TextBounces::postfix);
        return forms.stream()
                .map(form -> form.apply(text))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * A text form's reading, with what the rest of the message adds: the report part's fields (when
     * it had one that named no one), the attached original, and as the reporting server the host
     * of a {@code MAILER-DAEMON} or {@code postmaster} sender.
     */
    private static Dsn completed(Dsn written, Optional<Dsn> standard, ReportPart root) {
        String reportingMta = Optional.ofNullable(written.reportingMta())
                .or(() -> standard.map(Dsn::reportingMta))
                .orElseGet(() -> daemonHost(root.headers()));
        Optional<OriginalMessage> original = written.original()
                .or(() -> standard.flatMap(Dsn::original))
                .or(() -> StandardReports.originalBeside(root, root));
        return new Dsn(
                written.form(),
                reportingMta,
                standard.map(Dsn::arrivalDate).orElse(written.arrivalDate()),
                written.recipients(),
                original);
    }

    private static String daemonHost(Fields headers) {
        String from = Originals.bare(headers.first("From"));
        int at = from == null ? -1 : from.lastIndexOf('@');
        if (at <= 0) {
            return null;
        }
        String local = from.substring(0, at).toLowerCase(Locale.ROOT);
        return local.equals("mailer-daemon") || local.equals("postmaster") ? from.substring(at + 1) : null;
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
