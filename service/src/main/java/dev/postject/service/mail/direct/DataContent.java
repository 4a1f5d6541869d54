package dev.postject.service.mail.direct;

import java.io.IOException;
import java.io.OutputStream;

/** A message's bytes as SMTP DATA carries them (RFC 5321 4.5.2). */
final class DataContent {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END = {'.', '\r', '\n'};

    private DataContent() {}

    /**
     * Writes {@code mime} with every line ending made CRLF (a bare CR or LF too), a dot doubled at
     * the start of each line, a CRLF after the last line if it had none, and the final dot line; not flushed.
     */
    static void write(OutputStream out, byte[] mime) throws IOException {
        int from = 0;
        boolean lineStart = true;
        for (int i = 0; i < mime.length; i++) {
            byte b = mime[i];
            if (b == '\r' || b == '\n') {
                out.write(mime, from, i - from);
                out.write(CRLF);
                if (b == '\r' && i + 1 < mime.length && mime[i + 1] == '\n') {
                    i++;
                }
                from = i + 1;
                lineStart = true;
            } else if (lineStart) {
                if (b == '.') {
                    out.write(mime, from, i - from);
                    out.write('.');
                    from = i;
                }
                lineStart = false;
            }
        }
        out.write(mime, from, mime.length - from);
        if (!lineStart) {
            out.write(CRLF);
        }
        out.write(END);
    }
}
