package dev.postject.service.mail.direct;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SMTP replies (RFC 5321 4.2): lines of a three-digit code, {@code -} on every line but the
 * last, and text. A line may be at most {@value #MAX_LINE} bytes and a reply at most
 * {@value #MAX_LINES} lines, so a hostile server cannot make Postject buffer without end. It keeps
 * its own buffer, and says whether bytes beyond the last reply arrived ({@link #buffered()}): after
 * STARTTLS's reply there must be none, or someone injected plaintext ahead of the TLS session.
 *
 * <p>A whole reply must arrive within its time limit, not just each byte within the socket's
 * timeout: a server trickling a byte at a time cannot hold a session open without end.
 */
final class ReplyReader {
    static final int MAX_LINE = 4096;
    static final int MAX_LINES = 128;

    private final InputStream in;
    private final long defaultLimitNanos;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private long deadline;

    /** Reading replies from {@code in}, each within {@code timeLimit} unless {@link #read(Duration)} says otherwise. */
    ReplyReader(InputStream in, Duration timeLimit) {
        this.in = in;
        this.defaultLimitNanos = timeLimit.toNanos();
    }

    Reply read() throws IOException {
        return read(defaultLimitNanos);
    }

    Reply read(Duration timeLimit) throws IOException {
        return read(timeLimit.toNanos());
    }

    private Reply read(long limitNanos) throws IOException {
        deadline = System.nanoTime() + limitNanos; // elapsed time, not a date: no Clock needed
        List<String> lines = new ArrayList<>();
        int code = 0;
        while (true) {
            String line = line();
            if (line.length() < 3
                    || !Character.isDigit(line.charAt(0))
                    || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2))
                    || line.charAt(0) < '2'
                    || line.charAt(0) > '5'
                    || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new IOException("not an SMTP reply: " + printable(line));
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code != 0 && lineCode != code) {
                throw new IOException("an SMTP reply changed its code from " + code + " to " + lineCode);
            }
            code = lineCode;
            lines.add(line.length() > 4 ? printable(line.substring(4)) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Reply(code, lines);
            }
            if (lines.size() >= MAX_LINES) {
                throw new IOException("an SMTP reply of more than " + MAX_LINES + " lines");
            }
        }
    }

    /** Whether bytes the server sent after the last reply wait in the buffer. */
    boolean buffered() {
        return position < limit;
    }

    private String line() throws IOException {
        int start = position;
        while (true) {
            for (int i = start; i < limit; i++) {
                if (buffer[i] == '\n') {
                    if (i + 1 - position > MAX_LINE) {
                        throw new IOException("an SMTP reply line longer than " + MAX_LINE + " bytes");
                    }
                    int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buffer, position, end - position, StandardCharsets.UTF_8);
                    position = i + 1;
                    return line;
                }
            }
            if (limit - position >= MAX_LINE) {
                throw new IOException("an SMTP reply line longer than " + MAX_LINE + " bytes");
            }
            if (position > 0) { // keep the partial line at the start of the buffer
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                position = 0;
            }
            start = limit;
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                throw new EOFException("the server closed the connection");
            }
            limit += n;
            if (System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("the reply did not arrive whole in time");
            }
        }
    }

    /** Control characters as spaces: a reply's text ends up in timelines and logs. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }
}
