package dev.postject.service.mail.server;

/** A command the server refuses itself, with the reply to send; {@code error} when it counts toward the error limit. */
final class SmtpRefusal extends Exception {
    final SmtpReply reply;
    final boolean error;

    SmtpRefusal(int code, String enhanced, String text, boolean error) {
        super(text, null, false, false);
        this.reply = new SmtpReply(code, enhanced, text);
        this.error = error;
    }

    static SmtpRefusal syntax(String text) {
        return new SmtpRefusal(501, "5.5.4", text, true);
    }

    static SmtpRefusal sequence(String text) {
        return new SmtpRefusal(503, "5.5.1", text, true);
    }
}
