package dev.postject.service.mail.reports;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One MIME entity of a received message, as far as {@link ReportReader} read it: its type, its
 * header fields, the start of its decoded body when that is text or a message, and its parts.
 *
 * @param body at most {@link DeliveryReports#MAX_PART_BYTES} bytes; empty for a multipart or an attachment
 */
record ReportPart(String mimeType, String charset, Fields headers, byte[] body, List<ReportPart> parts) {
    static final Set<String> ORIGINAL_TYPES = Set.of(
            "message/rfc822",
            "message/global",
            "text/rfc822-headers",
            "message/rfc822-headers",
            "message/global-headers");

    private static final Pattern TAG = Pattern.compile("<[^<>]{0,2000}>");

    ReportPart {
        parts = List.copyOf(parts);
    }

    /** The body as text, in its declared charset (UTF-8 when it declares none or one Java does not know). */
    String text() {
        Charset decoding = StandardCharsets.UTF_8;
        try {
            if (charset != null && Charset.isSupported(charset)) {
                decoding = Charset.forName(charset);
            }
        } catch (IllegalArgumentException unknown) {
            // an illegal charset name: read as UTF-8
        }
        return new String(body, decoding);
    }

    /** This part and every part inside it, depth first. */
    List<ReportPart> all() {
        List<ReportPart> all = new ArrayList<>();
        collect(this, all);
        return all;
    }

    /** The first part, this one or inside it, of one of {@code types}. */
    Optional<ReportPart> find(Set<String> types) {
        return all().stream().filter(part -> types.contains(part.mimeType())).findFirst();
    }

    /** The part holding {@code child} directly, if it is inside this one (parts compare by identity). */
    Optional<ReportPart> parentOf(ReportPart child) {
        return all().stream().filter(part -> indexOf(part.parts(), child) >= 0).findFirst();
    }

    /** Where {@code part} itself is in {@code parts}, or -1. */
    static int indexOf(List<ReportPart> parts, ReportPart part) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) == part) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The human-readable notification: the first {@code text/plain} part, else the first
     * {@code text/html} one with its tags taken out, else "".
     */
    String notificationText() {
        Optional<ReportPart> plain = find(Set.of("text/plain"));
        if (plain.isPresent()) {
            return plain.get().text();
        }
        return find(Set.of("text/html"))
                .map(html -> TAG.matcher(html.text()).replaceAll(" ").replace("&nbsp;", " "))
                .orElse("");
    }

    /** What this part returns of the original message: its header fields, and whether only they came back. */
    OriginalMessage asOriginal() {
        String content = text();
        Fields fields = Fields.headerSection(content);
        boolean headersOnly =
                mimeType.endsWith("headers") || bodyAfterHeader(content).isBlank();
        return Originals.of(fields, headersOnly);
    }

    private static String bodyAfterHeader(String content) {
        String start = content.stripLeading();
        int lf = start.indexOf("\n\n");
        int crlf = start.indexOf("\r\n\r\n");
        int end = lf < 0 ? crlf : crlf < 0 ? lf : Math.min(lf, crlf);
        return end < 0 ? "" : start.substring(end).strip();
    }

    private static void collect(ReportPart part, List<ReportPart> into) {
        into.add(part);
        for (ReportPart child : part.parts()) {
            collect(child, into);
        }
    }
}
