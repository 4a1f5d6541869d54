package dev.postject.service.mail.server;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads message content after {@code 354} up to the end-of-data line, removing dot-stuffing.
 *
 * <p>Only {@code <CRLF>.<CRLF>} ends the message (the content's first line may be the lone dot). A
 * bare LF or a bare CR never ends a line, so {@code <LF>.<LF>}, {@code <LF>.<CRLF>},
 * {@code <CR>.<CR>} and the like are ordinary content; a message containing any bare CR or LF is
 * read to its real end and then refused, since another server may have read it differently (SMTP
 * smuggling). Content over the size limit is read to its end but not kept.
 */
final class DataReader {
    private static final int CR = '\r';
    private static final int LF = '\n';

    /** The message as received, or why it is refused. */
    record Result(byte[] message, long size, boolean tooLarge, boolean bareLineEnd) {}

    private final SmtpConnection conn;
    private final long maxSize;
    private byte[] kept = new byte[4096];
    private long size;

    private DataReader(SmtpConnection conn, long maxSize) {
        this.conn = conn;
        this.maxSize = maxSize;
    }

    /**
     * @param idleMillis the longest wait for the next bytes
     * @param minBytesPerSecond the slowest rate accepted over the whole message, beyond the first
     *     {@code idleMillis}
     */
    static Result read(SmtpConnection conn, long maxSize, int idleMillis, long minBytesPerSecond) throws IOException {
        return new DataReader(conn, maxSize).read(idleMillis, minBytesPerSecond);
    }

    private Result read(int idleMillis, long minBytesPerSecond) throws IOException {
        long start = System.nanoTime();
        long graceNanos = idleMillis * 1_000_000L;
        long received = 0;
        conn.readTimeouts(idleMillis, start + graceNanos);
        boolean bare = false;
        boolean lineStart = true;
        boolean dot = false; // the current line so far is a single '.' (not kept: stuffing or end)
        boolean cr = false; // the previous byte was a CR not yet kept
        while (true) {
            int b = conn.read();
            if (b < 0) {
                throw new EOFException("connection closed during DATA");
            }
            if ((++received & 0xfff) == 0 && minBytesPerSecond > 0) {
                conn.readTimeouts(idleMillis, start + graceNanos + received * 1_000_000_000L / minBytesPerSecond);
            }
            if (cr) {
                cr = false;
                if (b == LF) {
                    if (dot) {
                        return new Result(
                                Arrays.copyOf(kept, (int) Math.min(size, maxSize)), size, size > maxSize, bare);
                    }
                    keep(CR);
                    keep(LF);
                    lineStart = true;
                    continue;
                }
                bare = true;
                dot = false;
                keep(CR);
            }
            if (b == CR) {
                cr = true;
                continue;
            }
            if (lineStart) {
                lineStart = false;
                if (b == '.') {
                    dot = true;
                    continue;
                }
            } else {
                dot = false;
            }
            if (b == LF) {
                bare = true;
            }
            keep(b);
        }
    }

    private void keep(int b) {
        if (size < maxSize) {
            if (size == kept.length) {
                kept = Arrays.copyOf(kept, (int) Math.min(maxSize, kept.length * 2L));
            }
            kept[(int) size] = (byte) b;
        }
        size++;
    }
}
