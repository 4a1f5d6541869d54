package dev.postject.service.mail.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The standard reports, found by their machine-readable part wherever it is in the message (so a
 * report wrapped by a gateway, or sent as {@code multipart/mixed}, still counts): RFC 3464 delivery
 * status notifications and RFC 5965 feedback reports, with their RFC 6533 internationalised types.
 */
final class StandardReports {
    static final Set<String> STATUS_TYPES = Set.of("message/delivery-status", "message/global-delivery-status");
    static final Set<String> FEEDBACK_TYPES = Set.of("message/feedback-report");

    private StandardReports() {}

    /** The delivery status notification in {@code root}, if it has a delivery-status part. */
    static Optional<Dsn> dsn(ReportPart root) {
        Optional<ReportPart> statusPart = root.find(STATUS_TYPES);
        if (statusPart.isEmpty()) {
            return Optional.empty();
        }
        List<Fields> groups = Fields.groups(statusPart.get().text(), 2 * DeliveryReports.MAX_RECIPIENTS + 1);
        List<DsnRecipient> recipients = new ArrayList<>();
        for (Fields chunk : recipientChunks(groups)) {
            recipient(chunk).ifPresent(recipients::add);
            if (recipients.size() == DeliveryReports.MAX_RECIPIENTS) {
                break;
            }
        }
        return Optional.of(new Dsn(
                DsnForm.RFC_3464,
                Originals.untyped(firstOf(groups, "Reporting-MTA")),
                MailDates.parse(firstOf(groups, "Arrival-Date")),
                recipients,
                originalBeside(root, statusPart.get())));
    }

    /** The feedback report in {@code root}, if it has a feedback-report part. */
    static Optional<Complaint> complaint(ReportPart root) {
        Optional<ReportPart> feedbackPart = root.find(FEEDBACK_TYPES);
        if (feedbackPart.isEmpty()) {
            return Optional.empty();
        }
        List<Fields.Field> all = new ArrayList<>();
        Fields.groups(feedbackPart.get().text(), 8).forEach(group -> all.addAll(group.list()));
        Fields report = new Fields(all);
        String arrival =
                report.first("Arrival-Date") != null ? report.first("Arrival-Date") : report.first("Received-Date");
        return Optional.of(new Complaint(
                FeedbackType.of(report.first("Feedback-Type")),
                report.first("User-Agent"),
                report.first("Version"),
                Originals.bare(report.first("Original-Mail-From")),
                addresses(report.all("Original-Rcpt-To")),
                MailDates.parse(arrival),
                report.all("Reported-Domain").stream()
                        .limit(DeliveryReports.MAX_RECIPIENTS)
                        .toList(),
                report.first("Source-IP"),
                originalBeside(root, feedbackPart.get())));
    }

    /**
     * The returned message: the first part of an original's type after the report part, in the
     * same multipart (RFC 3464 and RFC 5965 put it third), else the first anywhere in the message.
     */
    static Optional<OriginalMessage> originalBeside(ReportPart root, ReportPart reportPart) {
        List<ReportPart> siblings =
                root.parentOf(reportPart).map(ReportPart::parts).orElse(List.of());
        Optional<ReportPart> found = siblings.stream()
                .skip(ReportPart.indexOf(siblings, reportPart) + 1L)
                .filter(part -> ReportPart.ORIGINAL_TYPES.contains(part.mimeType()))
                .findFirst()
                .or(() -> root.find(ReportPart.ORIGINAL_TYPES));
        return found.map(ReportPart::asOriginal);
    }

    /**
     * The per-recipient field sets: each group that names a recipient, split again where a second
     * {@code Final-Recipient} or {@code Original-Recipient} starts without the empty line between
     * (a quirk of some servers). Groups naming none are the per-message fields.
     */
    private static List<Fields> recipientChunks(List<Fields> groups) {
        List<Fields> chunks = new ArrayList<>();
        for (Fields group : groups) {
            List<Fields.Field> chunk = new ArrayList<>();
            boolean namesRecipient = false;
            for (Fields.Field field : group.list()) {
                String name = field.name().toLowerCase(Locale.ROOT);
                boolean recipientField = name.equals("final-recipient") || name.equals("original-recipient");
                if (recipientField && new Fields(chunk).has(field.name())) {
                    chunks.add(new Fields(chunk));
                    chunk = new ArrayList<>();
                }
                namesRecipient |= recipientField;
                chunk.add(field);
            }
            if (namesRecipient) {
                chunks.add(new Fields(chunk));
            }
        }
        return chunks;
    }

    private static Optional<DsnRecipient> recipient(Fields fields) {
        String original = Originals.bare(fields.first("Original-Recipient"));
        String address = Originals.bare(fields.first("Final-Recipient"));
        if (address == null) {
            address = original;
        }
        DiagnosticCode diagnostic = diagnostic(fields.first("Diagnostic-Code"));
        String given = StatusCodes.enhanced(fields.first("Status"));
        String status = given != null || diagnostic == null ? given : StatusCodes.enhancedIn(diagnostic.text());
        Optional<DsnAction> action = DsnAction.of(fields.first("Action")).or(() -> DsnAction.impliedBy(status));
        if (address == null || action.isEmpty()) {
            return Optional.empty(); // names no one, or says nothing about them
        }
        return Optional.of(new DsnRecipient(
                address,
                original,
                action.get(),
                status,
                diagnostic,
                Originals.untyped(fields.first("Remote-MTA")),
                MailDates.parse(fields.first("Last-Attempt-Date"))));
    }

    /** {@code smtp; 550 5.1.1 ...} as its type and text; a value with no type is all text. */
    static DiagnosticCode diagnostic(String value) {
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        String type = semicolon > 0 ? value.substring(0, semicolon).strip() : "";
        if (semicolon > 0 && type.matches("[A-Za-z][A-Za-z0-9-]{0,31}")) {
            return new DiagnosticCode(
                    type.toLowerCase(Locale.ROOT),
                    value.substring(semicolon + 1).strip());
        }
        return new DiagnosticCode(null, value.strip());
    }

    private static List<String> addresses(List<String> values) {
        return values.stream()
                .map(Originals::bare)
                .filter(address -> address != null)
                .limit(DeliveryReports.MAX_RECIPIENTS)
                .toList();
    }

    private static String firstOf(List<Fields> groups, String name) {
        return groups.stream()
                .map(group -> group.first(name))
                .filter(value -> value != null)
                .findFirst()
                .orElse(null);
    }
}
