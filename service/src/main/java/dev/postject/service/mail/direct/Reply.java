package dev.postject.service.mail.direct;

import dev.postject.service.mail.SmtpReply;
import java.util.List;

/**
 * One reply a mail server sent: its code and the text of each of its lines (what follows the code
 * and its separator), e.g. an EHLO reply's greeting line and then one line per extension.
 */
record Reply(int code, List<String> lines) {
    Reply {
        lines = List.copyOf(lines);
    }

    boolean positive() {
        return code >= 200 && code < 300;
    }

    /** The lines joined into one, as a timeline shows it. */
    String text() {
        return String.join(" ", lines).strip();
    }

    /** As the relay client reports a server's verdict, so both delivery modes read alike. */
    SmtpReply verdict() {
        return new SmtpReply(code, text());
    }

    @Override
    public String toString() {
        return code + " " + text();
    }
}
