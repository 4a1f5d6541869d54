package dev.postject.service.mail;

/** What the receiving server said about one recipient; {@code code} 0 when it gave no verdict (no connection, or a session it would not let Postject begin, such as a refused AUTH). */
public record SmtpReply(int code, String text) {
    public boolean accepted() {
        return code >= 200 && code < 300;
    }

    public boolean permanentFailure() {
        return code >= 500;
    }

    @Override
    public String toString() {
        return code == 0 ? text : code + " " + text;
    }
}
