package dev.postject.service.mail.server;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A client for tests that speaks SMTP as raw bytes over a socket: each {@link #write} is one write
 * call, replies are read byte by byte (nothing buffered past a reply, so TLS can start right after
 * one), and {@link #readOnce()} is a single read.
 */
public final class RawSmtp implements Closeable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private RawSmtp(Socket socket) throws IOException {
        use(socket);
    }

    public static RawSmtp connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        return new RawSmtp(socket);
    }

    /** Connects with TLS from the first byte (an implicit-TLS port). */
    public static RawSmtp connectTls(int port, SSLContext trusting) throws IOException {
        RawSmtp client = connect(port);
        client.startTls(trusting);
        return client;
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    /** Starts TLS as the client over the same connection (after {@code 220 2.0.0} to STARTTLS). */
    public void startTls(SSLContext trusting) throws IOException {
        SSLSocket ssl =
                (SSLSocket) trusting.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        use(ssl);
    }

    public String tlsProtocol() {
        return ((SSLSocket) socket).getSession().getProtocol();
    }

    /** Sends one command line (CRLF added) and reads its reply. */
    public String send(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    /** Writes exactly these bytes, in one write. */
    public void write(String raw) throws IOException {
        write(raw.getBytes(StandardCharsets.UTF_8));
    }

    public void write(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** One whole reply, multi-line replies joined with LF, without the final CRLF. */
    public String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                throw new IOException("connection closed; reply so far: " + reply);
            }
            reply.append(reply.isEmpty() ? "" : "\n").append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return null;
    }

    /** Whether nothing arrives within this time (the read timeout is restored after). */
    public boolean silentFor(int millis) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** What one read call returns (up to 64 KiB). */
    public String readOnce() throws IOException {
        byte[] buffer = new byte[65536];
        int n = in.read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    /** Whether the server closed the connection: reads until the end of the stream (a reset counts). */
    public boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // skip what is left
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** EHLO, MAIL FROM, RCPT TO, DATA with this content (dot-stuffing is the caller's), returns the final reply. */
    public String sendMessage(String from, String to, String content) throws IOException {
        expect(send("EHLO client.test"), "250");
        expect(send("MAIL FROM:<" + from + ">"), "250");
        expect(send("RCPT TO:<" + to + ">"), "250");
        expect(send("DATA"), "354");
        write(content + ".\r\n");
        return reply();
    }

    public static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void expect(String reply, String code) throws IOException {
        if (!reply.startsWith(code)) {
            throw new IOException("expected " + code + ", got " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
