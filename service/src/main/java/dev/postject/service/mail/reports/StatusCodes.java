package dev.postject.service.mail.reports;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMTP reply codes ({@code 550}) and enhanced status codes ({@code 5.1.1}, RFC 3463) as servers
 * write them in replies, reports and bounce texts: {@code 550-5.1.1}, {@code #5.1.1},
 * {@code (#5.1.1)}, {@code smtp; 550 5.1.1}, {@code returned '550 5.1.1 ...'}.
 */
final class StatusCodes {
    /** An enhanced status code on its own: class 2, 4 or 5, subject and detail of up to three digits. */
    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})$");

    /** An enhanced status code inside text, not part of an IP address or a version (192.0.2.5, 4.16.55.1). */
    private static final Pattern ENHANCED_IN_TEXT =
            Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?!\\.?\\d)");

    /** A reply code followed by an enhanced status code: {@code 550 5.1.1}, {@code 550-5.1.1}, {@code #550 5.1.1}. */
    private static final Pattern REPLY_WITH_ENHANCED =
            Pattern.compile("(?<![\\w.])([245]\\d\\d)[ -]#?[245]\\.\\d{1,3}\\.\\d{1,3}(?!\\.?\\d)");

    /** A reply code where a reply starts: the text's start, a line's, or after "said:", "returned '", "smtp;". */
    private static final Pattern REPLY_AT_START = Pattern.compile(
            "(?:^|\\n|said:|returned '|smtp;|#)\\s{0,8}([245]\\d\\d)(?=[ -]|$)",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private StatusCodes() {}

    /** An enhanced status code given on its own ({@code Status: 5.1.1 (comment)}), or null when it is none. */
    static String enhanced(String field) {
        if (field == null) {
            return null;
        }
        String first = field.strip().split("[\\s(;]", 2)[0];
        return ENHANCED.matcher(first).matches() ? first : null;
    }

    /** The first enhanced status code in a text, or null. */
    static String enhancedIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher found = ENHANCED_IN_TEXT.matcher(text);
        return found.find() ? found.group() : null;
    }

    /** The reply code a text quotes ({@code 550}), or 0. */
    static int replyCodeIn(String text) {
        if (text == null) {
            return 0;
        }
        Matcher paired = REPLY_WITH_ENHANCED.matcher(text);
        if (paired.find()) {
            return Integer.parseInt(paired.group(1));
        }
        Matcher leading = REPLY_AT_START.matcher(text);
        return leading.find() ? Integer.parseInt(leading.group(1)) : 0;
    }

    /** The class digit (2, 4, 5) of an enhanced code. */
    static int classOf(String enhanced) {
        return enhanced.charAt(0) - '0';
    }

    /** The subject (the middle number) of an enhanced code. */
    static int subjectOf(String enhanced) {
        return Integer.parseInt(enhanced.substring(enhanced.indexOf('.') + 1, enhanced.lastIndexOf('.')));
    }

    /** The detail (the last number) of an enhanced code. */
    static int detailOf(String enhanced) {
        return Integer.parseInt(enhanced.substring(enhanced.lastIndexOf('.') + 1));
    }
}
