package dev.postject.service.mail.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounces written as text for people, recognised by the words their servers always use: qmail's,
 * Exim's, and Postfix's notification when its report part is gone. Each recipient's paragraph is
 * its diagnostic; the status code is the one its text quotes.
 */
final class TextBounces {
    private static final String QMAIL = "This is the qmail-send program";
    private static final String POSTFIX = "This is the mail system at host";
    private static final String EXIM = "This message was created automatically by mail delivery software";

    /** {@code <user@example.com>:} opening a recipient's paragraph (qmail, Postfix). */
    private static final Pattern ANGLE_PARAGRAPH = Pattern.compile("^<([^<>\\s]{1,254}@[^<>\\s]{1,254})>:(.*)$");
    /** Exim's recipient line: two spaces, the address, perhaps a colon and a reason. */
    private static final Pattern EXIM_RECIPIENT =
            Pattern.compile("^ {2}<?([^<>\\s:]{1,254}@[^<>\\s:]{1,254})>?:?(?:\\s+(.*))?$");

    private static final Pattern QMAIL_HOST = Pattern.compile("qmail-send program at ([\\w.-]{1,253}?)\\.?\\s");
    private static final Pattern POSTFIX_HOST = Pattern.compile("mail system at host ([\\w.-]{1,253}?)\\.?\\s");
    private static final Pattern REMOTE_HOST = Pattern.compile("\\bhost ([\\w.-]{1,253}) ?\\[");
    private static final Pattern GIVING_UP_ON =
            Pattern.compile("(?:Giving up on|Connected to) ([\\w.:-]{1,253}?)\\.?(?:\\s|$)");

    private TextBounces() {}

    static Optional<Dsn> qmail(String text) {
        int start = text.indexOf(QMAIL);
        if (start < 0) {
            return Optional.empty();
        }
        int copy = firstOf(
                text, start, "--- Below this line is a copy of the message.", "--- Enclosed is a copy of the message.");
        List<DsnRecipient> recipients = angleParagraphs(text.substring(start, copy), DsnAction.FAILED, GIVING_UP_ON);
        return Optional.of(
                new Dsn(DsnForm.QMAIL, group(QMAIL_HOST, text), null, recipients, originalAfter(text, copy, false)));
    }

    static Optional<Dsn> postfix(String text) {
        int start = text.indexOf(POSTFIX);
        if (start < 0) {
            return Optional.empty();
        }
        DsnAction action = text.contains("THIS IS A WARNING ONLY") ? DsnAction.DELAYED : DsnAction.FAILED;
        List<DsnRecipient> recipients = angleParagraphs(text.substring(start), action, REMOTE_HOST);
        return recipients.isEmpty()
                ? Optional.empty()
                : Optional.of(
                        new Dsn(DsnForm.POSTFIX_TEXT, group(POSTFIX_HOST, text), null, recipients, Optional.empty()));
    }

    static Optional<Dsn> exim(String text) {
        int start = text.indexOf(EXIM);
        if (start < 0) {
            return Optional.empty();
        }
        boolean delayed = text.indexOf("has not yet been delivered", start) >= 0;
        int copy = firstOf(
                text,
                start,
                "------ This is a copy of the message",
                "No action is required on your part",
                "------ The body of the message");
        boolean headersOnly = text.startsWith("------ This is a copy of the message's headers", copy);
        List<DsnRecipient> recipients = new ArrayList<>();
        String address = null;
        String reason = "";
        StringBuilder said = new StringBuilder();
        for (String line : text.substring(start, copy).split("\r?\n")) {
            Matcher entry = EXIM_RECIPIENT.matcher(line);
            boolean detail = line.startsWith("    ") || line.startsWith("\t");
            if (entry.matches()) {
                add(recipients, address, reason + said, delayed ? DsnAction.DELAYED : DsnAction.FAILED, REMOTE_HOST);
                address = entry.group(1);
                reason = entry.group(2) == null ? "" : entry.group(2) + " ";
                said = new StringBuilder();
            } else if (detail && address != null) {
                said.append(line.strip()).append(' ');
            } else if (!line.isBlank() && address != null) {
                add(recipients, address, reason + said, delayed ? DsnAction.DELAYED : DsnAction.FAILED, REMOTE_HOST);
                address = null;
            }
        }
        add(recipients, address, reason + said, delayed ? DsnAction.DELAYED : DsnAction.FAILED, REMOTE_HOST);
        return Optional.of(new Dsn(DsnForm.EXIM, null, null, recipients, originalAfter(text, copy, headersOnly)));
    }

    /** The recipients of paragraphs that open with {@code <address>:}, each up to the next empty line. */
    private static List<DsnRecipient> angleParagraphs(String text, DsnAction action, Pattern remote) {
        List<DsnRecipient> recipients = new ArrayList<>();
        String address = null;
        StringBuilder said = new StringBuilder();
        for (String line : text.split("\r?\n")) {
            Matcher opening = ANGLE_PARAGRAPH.matcher(line.stripTrailing()); // indented: a continuation
            if (opening.matches()) {
                add(recipients, address, said.toString(), action, remote);
                address = opening.group(1);
                said = new StringBuilder(opening.group(2).strip()).append(' ');
            } else if (line.isBlank()) {
                add(recipients, address, said.toString(), action, remote);
                address = null;
            } else if (address != null) {
                said.append(line.strip()).append(' ');
            }
        }
        add(recipients, address, said.toString(), action, remote);
        return recipients;
    }

    /** Adds the recipient {@code address} with what was said about it, unless there is no address or room. */
    static void add(List<DsnRecipient> recipients, String address, String said, DsnAction action, Pattern remote) {
        if (address == null || recipients.size() >= DeliveryReports.MAX_RECIPIENTS) {
            return;
        }
        String text = Fields.clean(said);
        recipients.add(new DsnRecipient(
                address,
                null,
                action,
                StatusCodes.enhancedIn(text),
                text.isEmpty() ? null : new DiagnosticCode(null, text),
                remote == null ? null : group(remote, text),
                null));
    }

    /** The message a text bounce quotes after its marker line at {@code from}: its header fields. */
    static Optional<OriginalMessage> originalAfter(String text, int from, boolean headersOnly) {
        if (from >= text.length()) {
            return Optional.empty();
        }
        int lineEnd = text.indexOf('\n', from);
        if (lineEnd < 0) {
            return Optional.empty();
        }
        String quoted = text.substring(lineEnd + 1);
        Fields fields = Fields.headerSection(quoted);
        return Optional.ofNullable(Originals.of(fields, headersOnly));
    }

    /** Where the first of {@code markers} starts at or after {@code from}; the text's length when none does. */
    static int firstOf(String text, int from, String... markers) {
        int first = text.length();
        for (String marker : markers) {
            int at = text.indexOf(marker, from);
            if (at >= 0 && at < first) {
                first = at;
            }
        }
        return first;
    }

    static String group(Pattern pattern, String text) {
        Matcher found = pattern.matcher(text);
        return found.find() ? found.group(1) : null;
    }
}
