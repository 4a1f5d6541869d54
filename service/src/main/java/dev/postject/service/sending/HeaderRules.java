package dev.postject.service.sending;

import dev.postject.service.mail.MimeComposer;
import dev.postject.service.platform.errors.Refusal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What may go into the headers of an email. An account sets custom headers of its own (e.g.
 * {@code X-Campaign}, {@code List-Unsubscribe}, the threading headers {@code In-Reply-To} and
 * {@code References}), never those that route the message, claim its authentication, shape its
 * MIME structure or name its sender and recipients: Postject writes those itself. Every header
 * value and text that becomes one is free of control characters and folds into lines of at most
 * 998 characters (RFC 5322 2.1.1).
 */
final class HeaderRules {
    /** RFC 5322's limit on a line, CRLF excluded. */
    static final int MAX_LINE = 998;

    /** The most one custom header's value may hold, folded over as many lines as it needs. */
    static final int MAX_HEADER_VALUE = 8192;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern MESSAGE_IDS = Pattern.compile("\\s*(<[!-;=?-~&&[^<>@]]+@[!-;=?-~&&[^<>@]]+>\\s*)+");
    private static final Pattern URI_LIST =
            Pattern.compile("\\s*<[!-;=?-~&&[^<>]]+>\\s*(,\\s*<[!-;=?-~&&[^<>]]+>\\s*)*");
    private static final Set<String> THREADING = Set.of("in-reply-to", "references");

    /** Why a header is refused, by family: the first whose names match. */
    private enum Refused {
        IDENTITY(
                "Postject writes the sender, recipients, subject, date and message id itself",
                List.of("from", "to", "cc", "bcc", "reply-to", "sender", "subject", "date", "message-id"),
                List.of()),
        ROUTING(
                "it would change or fake how the message is routed",
                List.of(
                        "received",
                        "return-path",
                        "delivered-to",
                        "errors-to",
                        "envelope-to",
                        "x-original-to",
                        "apparently-to"),
                List.of("resent-")),
        AUTHENTICATION(
                "it would claim an authentication result",
                List.of("dkim-signature", "domainkey-signature", "authentication-results", "received-spf"),
                List.of("arc-")),
        MIME("Postject writes the MIME structure itself", List.of("mime-version"), List.of("content-"));

        final String reason;
        final List<String> names;
        final List<String> prefixes;

        Refused(String reason, List<String> names, List<String> prefixes) {
            this.reason = reason;
            this.names = names;
            this.prefixes = prefixes;
        }

        static Refused of(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (Refused family : values()) {
                if (family.names.contains(lower) || family.prefixes.stream().anyMatch(lower::startsWith)) {
                    return family;
                }
            }
            return null;
        }
    }

    private HeaderRules() {}

    /** The custom headers, checked: each refusal is a 422 on {@code headers} naming the header. */
    static Map<String, String> customHeaders(Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        if (given == null) {
            return out;
        }
        for (Map.Entry<String, String> header : given.entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            if (!NAME.matcher(name).matches()) {
                throw invalid(
                        "invalid_header", "'" + name + "' is not a header name (letters, digits and '-', at most 64).");
            }
            Refused refused = Refused.of(name);
            if (refused != null) {
                throw invalid("header_not_allowed", "Header '" + name + "' cannot be set: " + refused.reason + ".");
            }
            if (value == null) {
                throw invalid("invalid_header", "Header '" + name + "' has no value.");
            }
            requireText(value, "headers", "Header '" + name + "'");
            if (value.length() > MAX_HEADER_VALUE) {
                throw invalid(
                        "header_too_long",
                        "Header '" + name + "' may hold at most " + MAX_HEADER_VALUE + " characters.");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (THREADING.contains(lower) && !MESSAGE_IDS.matcher(value).matches()) {
                throw invalid("invalid_header", "Header '" + name + "' must be message ids such as <id@example.com>.");
            }
            if (lower.equals("list-unsubscribe") && !URI_LIST.matcher(value).matches()) {
                throw invalid(
                        "invalid_header",
                        "Header '" + name + "' must be URIs in angle brackets, such as <https://example.com/u>.");
            }
            requireFoldable(name, value, "headers");
            out.put(name, value);
        }
        return out;
    }

    /**
     * Why a header field of a whole message (SMTP submission) is refused, or null when it may stay.
     * Its sender, recipients, subject, date, message id and MIME structure are the message's own;
     * what would fake its route or claim an authentication result is refused as in a request's
     * headers. {@code Received} stays: a relay on the way to Postject adds its own, truthfully.
     */
    static String refusedInMessage(String name) {
        Refused refused = Refused.of(name);
        boolean refusedHere =
                refused == Refused.AUTHENTICATION || (refused == Refused.ROUTING && !name.equalsIgnoreCase("received"));
        return refusedHere ? refused.reason : null;
    }

    /**
     * Text without line breaks or other control characters (tab excepted): C0, DEL and C1
     * controls, and halves of a character (unpaired surrogates), are refused.
     */
    static void requireText(String value, String field) {
        requireText(value, field, "'" + field + "'");
    }

    private static void requireText(String value, String field, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new Refusal.Invalid("invalid_value", what + " cannot contain line breaks.", field);
            }
            boolean control = (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f);
            boolean unpaired = Character.isHighSurrogate(c)
                    ? i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(++i))
                    : Character.isLowSurrogate(c);
            if (control || unpaired) {
                throw new Refusal.Invalid("invalid_value", what + " cannot contain control characters.", field);
            }
        }
    }

    /** A value that folds, as written, into lines of at most {@value #MAX_LINE} characters. */
    static void requireFoldable(String name, String value, String field) {
        if (MimeComposer.longestLine(name, value) > MAX_LINE) {
            throw new Refusal.Invalid(
                    "header_too_long",
                    (field.equals("headers") ? "Header '" + name + "'" : "'" + field + "'")
                            + " holds a word too long for a line of " + MAX_LINE
                            + " characters: put spaces in it.",
                    field);
        }
    }

    private static Refusal invalid(String code, String message) {
        return new Refusal.Invalid(code, message, "headers");
    }
}
