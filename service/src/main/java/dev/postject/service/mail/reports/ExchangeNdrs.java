package dev.postject.service.mail.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Exchange's non-delivery reports from before it sent RFC 3464 ones (Exchange 2003 and
 * 2007), and any whose report part was lost: recognised by their {@code X-MS-Exchange-Message-Is-Ndr} header
 * field or their words, each recipient a line of its own followed by what the server said:
 *
 * <pre>
 *       'john@example.com' on 1/2/2010 10:00 AM
 *             Remote Server returned '550 5.1.1 User unknown'
 * </pre>
 *
 * or, in the "Diagnostic information for administrators" section, {@code #550 5.1.1 RESOLVER...##},
 * or Exchange 2003's {@code <mail.contoso.com #5.1.1>}.
 */
final class ExchangeNdrs {
    private static final List<String> MARKERS = List.of(
            "did not reach some or all of the intended recipients",
            "Delivery has failed to these recipients or groups",
            "Remote Server returned '",
            "Diagnostic information for administrators");

    /**
     * A recipient on a line of its own: bare, quoted or bracketed, perhaps after a display name
     * ({@code 'Jane Doe' <jane@...>}, {@code Jane Doe (jane@...)}) and before " on <date>".
     */
    private static final Pattern RECIPIENT_LINE =
            Pattern.compile("^(?:(?:'[^']{0,100}'|\"[^\"]{0,100}\"|[\\p{L} .-]{1,100})\\s)?[<('\"]?"
                    + "([^\\s'\"<>()@]{1,64}@[^\\s'\"<>()@]{1,253}?)[>)'\"]?(?:\\s+on\\s.{1,60})?$");

    private static final Pattern REMOTE_RETURNED = Pattern.compile("Remote Server returned '([^']{1,2000})'");
    private static final Pattern HASH_REPLY =
            Pattern.compile("#([245]\\d\\d[ -][245]\\.\\d{1,3}\\.\\d{1,3}[^#]{0,2000})##?");
    private static final Pattern ANGLE_STATUS =
            Pattern.compile("<([\\w.-]{1,253}) #([245]\\.\\d{1,3}\\.\\d{1,3})([^<>]{0,2000})>");
    private static final Pattern GENERATING_SERVER = Pattern.compile("Generating server: ([\\w.-]{1,253})");

    private ExchangeNdrs() {}

    static Optional<Dsn> parse(ReportPart root, String text) {
        // every message through Exchange carries X-MS-Exchange- fields: only this one says it is an NDR
        boolean ndr = root.headers().named("X-MS-Exchange-Message-Is-Ndr")
                || MARKERS.stream().anyMatch(text::contains);
        if (!ndr) {
            return Optional.empty();
        }
        int end = TextBounces.firstOf(text, 0, "Original message headers:", "Original Message Headers");
        Map<String, DsnRecipient> recipients = new LinkedHashMap<>();
        String address = null;
        List<String> said = new ArrayList<>();
        for (String line : text.substring(0, end).split("\r?\n")) {
            Matcher recipient = RECIPIENT_LINE.matcher(line.strip());
            if (recipient.matches()) {
                keep(recipients, address, said);
                address = recipient.group(1);
                said = new ArrayList<>();
            } else if (address != null && !line.isBlank()) {
                said.add(line.strip());
            }
        }
        keep(recipients, address, said);
        if (recipients.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Dsn(
                DsnForm.EXCHANGE_TEXT,
                TextBounces.group(GENERATING_SERVER, text),
                null,
                List.copyOf(recipients.values()),
                TextBounces.originalAfter(text, end, true)));
    }

    /**
     * Keeps what the lines after a recipient say of it. An address may be listed twice (for the
     * sender, then for the administrator): the entry that gives a status replaces one that does not.
     */
    private static void keep(Map<String, DsnRecipient> recipients, String address, List<String> lines) {
        if (address == null) {
            return;
        }
        String text = Fields.clean(String.join(" ", lines.subList(0, Math.min(lines.size(), 12))));
        String diagnostic = text;
        String remote = null;
        Matcher returned = REMOTE_RETURNED.matcher(text);
        Matcher hash = HASH_REPLY.matcher(text);
        Matcher angle = ANGLE_STATUS.matcher(text);
        if (returned.find()) {
            diagnostic = returned.group(1).strip();
        } else if (hash.find()) {
            diagnostic = hash.group(1).strip();
        } else if (angle.find()) {
            remote = angle.group(1);
            diagnostic = (angle.group(2) + " " + angle.group(3).strip()).strip();
        }
        String status = StatusCodes.enhancedIn(diagnostic);
        String key = address.toLowerCase(Locale.ROOT);
        DsnRecipient known = recipients.get(key);
        boolean better = known == null
                ? recipients.size() < DeliveryReports.MAX_RECIPIENTS
                : known.status() == null && status != null;
        if (better) {
            recipients.put(
                    key,
                    new DsnRecipient(
                            address,
                            null,
                            DsnAction.FAILED,
                            status,
                            diagnostic.isEmpty() ? null : new DiagnosticCode(null, diagnostic),
                            remote,
                            null));
        }
    }
}
