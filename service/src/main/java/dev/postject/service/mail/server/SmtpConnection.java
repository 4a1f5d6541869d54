package dev.postject.service.mail.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One client connection's bytes: commands are read from this class's own input buffer and replies
 * written to a buffered output, so that replies to pipelined commands leave in one write. The output
 * is flushed before any read that would block, i.e. only when no complete command line is waiting
 * in the buffer (RFC 2920), and explicitly where the protocol needs it.
 *
 * <p>Nothing is buffered without bound: the input buffer has a fixed size and a line longer than the
 * limit is read to its end and dropped.
 */
final class SmtpConnection {
    /** TLS 1.2 and 1.3 only. */
    static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int DRAIN_MILLIS = 200;
    private static final int DRAIN_BYTES = 64 * 1024;

    /** A line longer than the limit; it has been read to its end and dropped. */
    static final class LineTooLong extends Exception {
        LineTooLong() {
            super("line too long", null, false, false);
        }
    }

    private final Socket raw;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private int pos;
    private int limit;
    private byte[] line;
    private boolean idle;
    private boolean interrupted;
    private int readTimeoutMillis = 60_000;
    private long deadline = Long.MAX_VALUE;
    private volatile long busySince;

    SmtpConnection(Socket raw, int maxLineLength) throws IOException {
        this.raw = raw;
        this.line = new byte[maxLineLength];
        use(raw);
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = new BufferedOutputStream(s.getOutputStream(), 8 * 1024);
    }

    /**
     * Starts TLS as the server over this connection. Whatever the client sent in plaintext that is
     * still in the buffer (e.g. commands pipelined after STARTTLS) is discarded, never executed.
     */
    void startTls(SSLContext context, int timeoutMillis) throws IOException {
        pos = limit = 0;
        SSLSocket ssl = (SSLSocket) context.getSocketFactory()
                .createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
        ssl.setUseClientMode(false);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setProtocols(TLS_PROTOCOLS);
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(timeoutMillis);
        busySince = System.nanoTime();
        try {
            ssl.startHandshake();
        } finally {
            busySince = 0;
        }
        use(ssl);
    }

    boolean tls() {
        return socket instanceof SSLSocket;
    }

    ClientInfo clientInfo() {
        InetSocketAddress remote = (InetSocketAddress) raw.getRemoteSocketAddress();
        InetSocketAddress local = (InetSocketAddress) raw.getLocalSocketAddress();
        if (socket instanceof SSLSocket ssl) {
            SSLSession session = ssl.getSession();
            return new ClientInfo(remote, local, session.getProtocol(), session.getCipherSuite());
        }
        return new ClientInfo(remote, local, null, null);
    }

    /**
     * The next line without its line end (CRLF, or a bare LF), or null at the end of the stream.
     * Flushes the replies first unless another complete line is already buffered.
     */
    byte[] readLine(int timeoutMillis) throws IOException, LineTooLong {
        if (!hasLine()) {
            flush();
        }
        readTimeouts(timeoutMillis, System.nanoTime() + timeoutMillis * 1_000_000L);
        int n = 0;
        boolean tooLong = false;
        while (true) {
            if (pos == limit && !fill()) {
                return null;
            }
            int lf = indexOfLf();
            int end = lf < 0 ? limit : lf;
            int length = end - pos;
            if (!tooLong && n + length < line.length) {
                System.arraycopy(buffer, pos, line, n, length);
                n += length;
            } else {
                tooLong = true;
            }
            pos = lf < 0 ? limit : lf + 1;
            if (lf >= 0) {
                break;
            }
        }
        if (tooLong) {
            throw new LineTooLong();
        }
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        return Arrays.copyOf(line, n);
    }

    /** The next byte of input (message content), or -1 at the end of the stream. */
    int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos++] & 0xff;
    }

    /**
     * Each read waits at most {@code perReadMillis}, and no read waits past {@code deadlineNanos}
     * ({@link System#nanoTime()}): a client that trickles a byte at a time still runs out of time.
     */
    void readTimeouts(int perReadMillis, long deadlineNanos) {
        readTimeoutMillis = perReadMillis;
        deadline = deadlineNanos;
    }

    /**
     * When the write or TLS handshake under way began ({@link System#nanoTime()}), or 0. Read
     * timeouts do not bound these (a client that reads nothing blocks a write for ever), so the
     * server's watchdog aborts a connection busy for too long.
     */
    long busySince() {
        return busySince;
    }

    private boolean hasLine() {
        return indexOfLf() >= 0;
    }

    private int indexOfLf() {
        for (int i = pos; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(readTimeoutMillis, left));
        int n = in.read(buffer, 0, buffer.length);
        pos = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    synchronized void write(String replyLine) throws IOException {
        busySince = System.nanoTime();
        try {
            out.write(replyLine.getBytes(StandardCharsets.UTF_8));
            out.write(CRLF);
        } finally {
            busySince = 0;
        }
    }

    synchronized void flush() throws IOException {
        busySince = System.nanoTime();
        try {
            out.flush();
        } finally {
            busySince = 0;
        }
    }

    /**
     * Marks the connection as waiting for a command between transactions, unless the server is
     * already stopping (then it returns false and the session says goodbye itself).
     */
    synchronized boolean waitingForCommand(boolean serverStopping) {
        if (serverStopping) {
            return false;
        }
        idle = true;
        return true;
    }

    /** A command arrived (or the wait ended); false when the server ended the session meanwhile. */
    synchronized boolean commandArrived() {
        idle = false;
        return !interrupted;
    }

    /**
     * Sends a last reply and ends the session, but only while it waits for a command between
     * transactions (a stopping server lets a transaction finish).
     */
    synchronized boolean sayGoodbyeIfIdle(String replyLine) {
        if (!idle || interrupted) {
            return false;
        }
        interrupted = true;
        try {
            write(replyLine);
            flush();
            raw.shutdownInput();
        } catch (IOException e) {
            abort();
        }
        return true;
    }

    /**
     * Flushes, closes the output, reads and drops what the client still sends for a moment (so that
     * the last reply is not lost to a TCP reset), then closes.
     */
    void close() {
        try {
            flush();
            socket.shutdownOutput();
            socket.setSoTimeout(DRAIN_MILLIS);
            byte[] drain = new byte[4096];
            int total = 0;
            int n;
            while (total < DRAIN_BYTES && (n = in.read(drain)) > 0) {
                total += n;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the client is gone, or TLS cannot half-close: close at once
        } finally {
            abort();
        }
    }

    /** Closes at once (a forced stop, or a broken connection). */
    void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
        try {
            raw.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
