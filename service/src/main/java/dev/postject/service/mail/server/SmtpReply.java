package dev.postject.service.mail.server;

import java.util.regex.Pattern;

/**
 * One SMTP reply: the basic code (2xx, 4xx or 5xx), the enhanced status code of RFC 3463 whose class
 * agrees with it ({@code 250 2.1.5}, {@code 550 5.7.1}) and a human-readable text. The server sends
 * exactly what a {@link SmtpHandler} returns, as {@code <code> <enhanced> <text>}.
 *
 * <p>The text is one line: control characters (CR and LF among them) become spaces, so a handler can
 * never inject a reply line of its own, whatever it puts in the text.
 */
public record SmtpReply(int code, String enhanced, String text) {
    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    public static final SmtpReply OK = new SmtpReply(250, "2.0.0", "Ok");
    public static final SmtpReply SENDER_OK = new SmtpReply(250, "2.1.0", "Ok");
    public static final SmtpReply RECIPIENT_OK = new SmtpReply(250, "2.1.5", "Ok");
    /** For a MAIL FROM when the session is not authenticated and the client needs to be. */
    public static final SmtpReply AUTHENTICATION_REQUIRED = new SmtpReply(530, "5.7.0", "Authentication required");
    /** What the server answers when {@link SmtpHandler#authenticate} refuses the credentials. */
    public static final SmtpReply INVALID_CREDENTIALS =
            new SmtpReply(535, "5.7.8", "Authentication credentials invalid");
    /** What the server answers when a handler throws or returns nothing. */
    public static final SmtpReply LOCAL_ERROR =
            new SmtpReply(451, "4.3.0", "Local error in processing, try again later");

    public SmtpReply {
        if (code < 200 || code > 599 || code / 100 == 3) {
            throw new IllegalArgumentException("an SMTP reply code is 2xx, 4xx or 5xx, not " + code);
        }
        if (enhanced == null || !ENHANCED.matcher(enhanced).matches() || enhanced.charAt(0) - '0' != code / 100) {
            throw new IllegalArgumentException("enhanced status code " + enhanced + " does not fit reply " + code);
        }
        text = text == null || text.isBlank() ? "Ok" : oneLine(text);
    }

    /** {@code 250 2.0.0 Ok: queued as <id>}: what a handler answers to DATA once the message is committed. */
    public static SmtpReply queued(String id) {
        return new SmtpReply(250, "2.0.0", "Ok: queued as " + id);
    }

    /** A 2xx reply: the command succeeded (a sender or recipient accepted, a message taken). */
    public boolean positive() {
        return code < 300;
    }

    /** The reply line as sent, without its CRLF. */
    @Override
    public String toString() {
        return code + " " + enhanced + " " + text;
    }

    private static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return line.toString().strip();
    }
}
