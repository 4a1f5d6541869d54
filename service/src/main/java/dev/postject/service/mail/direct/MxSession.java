package dev.postject.service.mail.direct;

import dev.postject.service.mail.SmtpReply;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One SMTP session with a recipient's mail server (or the relay), opened by {@link MxConnector}: which server
 * and address took it, over which TLS, and the transactions sent over it. Used by one thread at a
 * time; reusable for message after message until {@link #close()} or a network failure.
 */
public final class MxSession implements AutoCloseable {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int QUIT_TIMEOUT_MILLIS = 5_000;

    /**
     * The TLS under the session: protocol ({@code TLSv1.3}), cipher suite, and whether the
     * certificate was verified for the server's name (only when TLS was required).
     */
    public record Tls(String protocol, String cipherSuite, boolean verified) {}

    private final String host;
    private final InetAddress address;
    private final int commandTimeoutMillis;
    private Socket socket;
    private ReplyReader in;
    private OutputStream out;
    private Tls tls;
    private Map<String, String> extensions = Map.of(); // keyword -> its parameters, from the last EHLO
    private boolean open = true;
    private boolean timedOut;

    MxSession(String host, InetAddress address, Socket socket, int commandTimeoutMillis) throws IOException {
        this.host = host;
        this.address = address;
        this.commandTimeoutMillis = commandTimeoutMillis;
        use(socket);
    }

    /** The mail server's name, as the MX record gave it. */
    public String host() {
        return host;
    }

    /** The address the session runs to. */
    public InetAddress address() {
        return address;
    }

    /** The TLS session under SMTP; empty in plaintext. */
    public Optional<Tls> tls() {
        return Optional.ofNullable(tls);
    }

    /** Whether the server's last EHLO reply listed this extension keyword ({@code PIPELINING}, {@code SIZE}...). */
    public boolean supports(String keyword) {
        return extensions.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /** Whether the session can carry another message. */
    public boolean isOpen() {
        return open;
    }

    /**
     * One transaction: MAIL FROM ({@code from} empty: the null sender), a RCPT TO per recipient,
     * and the MIME bytes to those accepted (dot-stuffed, line endings made CRLF). Never throws:
     * each recipient gets the server's reply that decided it, or code 0 when the connection failed
     * before a verdict (then the session is closed). Addresses with control characters, spaces or
     * angle brackets are refused without a word to the server, as are non-ASCII ones when it does
     * not offer SMTPUTF8.
     */
    public Map<String, SmtpReply> send(String from, List<String> recipients, byte[] mime) {
        Map<String, SmtpReply> outcome = new LinkedHashMap<>();
        List<String> asked = askable(from, recipients, outcome);
        if (!open && !asked.isEmpty()) {
            asked.forEach(r -> outcome.put(r, new SmtpReply(0, "No SMTP answer: the session is closed")));
            return ordered(recipients, outcome);
        }
        boolean utf8 = !ascii(from) || asked.stream().anyMatch(r -> !ascii(r));
        try {
            transaction(from, asked, mime, utf8, outcome);
        } catch (IOException e) {
            timedOut = e instanceof SocketTimeoutException;
            abort();
            asked.forEach(r -> outcome.putIfAbsent(r, new SmtpReply(0, "No SMTP answer: " + e.getMessage())));
        }
        return ordered(recipients, outcome);
    }

    private void transaction(
            String from, List<String> recipients, byte[] mime, boolean utf8, Map<String, SmtpReply> outcome)
            throws IOException {
        if (recipients.isEmpty()) {
            return;
        }
        Reply sender = command(mailFrom(from, mime, utf8));
        if (!sender.positive()) {
            recipients.forEach(r -> outcome.put(r, sender.verdict()));
            command("RSET");
            return;
        }
        List<String> accepted = new ArrayList<>();
        for (String recipient : recipients) {
            Reply rcpt = command("RCPT TO:<" + recipient + ">");
            if (rcpt.positive()) {
                accepted.add(recipient);
            } else {
                outcome.put(recipient, rcpt.verdict());
            }
        }
        if (accepted.isEmpty()) {
            command("RSET");
            return;
        }
        Reply data = command("DATA");
        if (data.code() != 354) {
            accepted.forEach(r -> outcome.put(r, data.verdict()));
            command("RSET");
            return;
        }
        DataContent.write(out, mime);
        out.flush();
        Duration twice = Duration.ofMillis(2L * commandTimeoutMillis); // RFC 5321 4.5.3.2.6: 10 minutes for this one
        socket.setSoTimeout((int) twice.toMillis());
        Reply done;
        try {
            done = in.read(twice);
        } finally {
            socket.setSoTimeout(commandTimeoutMillis);
        }
        accepted.forEach(r -> outcome.put(r, done.verdict()));
        if (!done.positive()) {
            command("RSET"); // some servers keep a refused transaction's MAIL FROM, and answer the next one 503
        }
    }

    /** MAIL FROM with the parameters the message needs and the server offers. */
    String mailFrom(String from, byte[] mime, boolean utf8) {
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(from).append('>');
        if (supports("SIZE")) {
            mail.append(" SIZE=").append(mime.length);
        }
        if (supports("8BITMIME") && !ascii(mime)) {
            mail.append(" BODY=8BITMIME");
        }
        if (utf8) {
            mail.append(" SMTPUTF8");
        }
        return mail.toString();
    }

    /**
     * Several transactions, one after the other, each decided as {@link #send(String, List, byte[])}
     * decides one. When the server offers PIPELINING (RFC 2920) their commands are not sent one
     * round trip at a time ({@link Pipeline}); otherwise one transaction after the other.
     */
    public List<Map<String, SmtpReply>> send(List<Envelope> envelopes) {
        if (!supports("PIPELINING")) {
            return envelopes.stream()
                    .map(e -> send(e.from(), e.recipients(), e.mime()))
                    .toList();
        }
        return Pipeline.send(this, envelopes);
    }

    /** Marks the session ended by a network failure or a silent server (for {@link Pipeline}). */
    void failed(IOException e) {
        timedOut = e instanceof SocketTimeoutException;
        abort();
    }

    /** Whether the session ended because the server did not reply in time. */
    public boolean timedOut() {
        return timedOut;
    }

    /**
     * RSET, before another transaction on a session kept open: true when the server answered 250,
     * so the session can carry the next message; false (and the session closed) otherwise.
     */
    public boolean reset() {
        if (!open) {
            return false;
        }
        try {
            if (command("RSET").code() == 250) {
                return true;
            }
        } catch (IOException e) {
            abort();
            return false;
        }
        close();
        return false;
    }

    /** QUIT (briefly waiting for its reply), then closes the connection. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        try {
            socket.setSoTimeout(QUIT_TIMEOUT_MILLIS);
            command("QUIT");
        } catch (IOException e) {
            // the server went first; closing is all that is left
        }
        abort();
    }

    // ---- for MxConnector, while it opens the session ----

    Reply read() throws IOException {
        return in.read();
    }

    Reply command(String line) throws IOException {
        write(line);
        out.flush();
        return in.read();
    }

    /** A command line into the output buffer, not yet sent. */
    void write(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
    }

    ReplyReader replies() {
        return in;
    }

    OutputStream output() {
        return out;
    }

    int commandTimeoutMillis() {
        return commandTimeoutMillis;
    }

    /** The parameters the server's last EHLO listed for an extension ({@code AUTH}: its mechanisms); empty if none. */
    String parameters(String keyword) {
        return extensions.getOrDefault(keyword.toUpperCase(Locale.ROOT), "");
    }

    /** Says EHLO (HELO when the server knows no EHLO) and keeps the extensions it lists. */
    Reply hello(String name) throws IOException {
        Reply ehlo = command("EHLO " + name);
        if (ehlo.code() >= 500 && ehlo.code() != 554) {
            extensions = Map.of();
            return command("HELO " + name);
        }
        extensions = ehlo.positive()
                ? ehlo.lines().stream()
                        .skip(1)
                        .map(line -> line.split(" ", 2))
                        .collect(Collectors.toUnmodifiableMap(
                                words -> words[0].toUpperCase(Locale.ROOT),
                                words -> words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "",
                                (first, second) -> first))
                : Map.of();
        return ehlo;
    }

    /** Whether the server sent bytes nobody asked for yet (after STARTTLS's reply: an injection). */
    boolean unsolicitedBytes() {
        return in.buffered();
    }

    Socket socket() {
        return socket;
    }

    /** Goes on over the TLS socket layered on this session's connection. */
    void secured(SSLSocket secure, boolean verified) throws IOException {
        SSLSession session = secure.getSession();
        tls = new Tls(session.getProtocol(), session.getCipherSuite(), verified);
        extensions = Map.of(); // what the server said in plaintext no longer counts
        use(secure);
    }

    /** Closes the connection without a word. */
    void abort() {
        open = false;
        try {
            socket.close();
        } catch (IOException e) {
            // closed either way
        }
    }

    private void use(Socket s) throws IOException {
        socket = s;
        s.setSoTimeout(commandTimeoutMillis);
        in = new ReplyReader(s.getInputStream(), Duration.ofMillis(commandTimeoutMillis));
        out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
    }

    /** The recipients the server may be asked about; each of the others put in {@code outcome} with the local refusal. */
    List<String> askable(String from, List<String> recipients, Map<String, SmtpReply> outcome) {
        SmtpReply senderRefusal = refusal(from, "5.1.7");
        List<String> asked = new ArrayList<>();
        for (String recipient : recipients) {
            SmtpReply refusal = senderRefusal != null ? senderRefusal : refusal(recipient, "5.1.3");
            if (refusal != null) {
                outcome.put(recipient, refusal);
            } else {
                asked.add(recipient);
            }
        }
        return asked;
    }

    /** Why this address must not be sent, as a local reply; null when it may. */
    private SmtpReply refusal(String address, String enhanced) {
        if (address.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '<' || c == '>')) {
            return new SmtpReply(
                    553, enhanced + " Postject does not send an address with spaces or control characters");
        }
        if (!ascii(address) && !supports("SMTPUTF8")) {
            return new SmtpReply(553, "5.6.7 " + host + " does not accept internationalized addresses (no SMTPUTF8)");
        }
        return null;
    }

    static boolean ascii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    private static boolean ascii(byte[] content) {
        for (byte b : content) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    static Map<String, SmtpReply> ordered(List<String> recipients, Map<String, SmtpReply> outcome) {
        Map<String, SmtpReply> inOrder = new LinkedHashMap<>();
        recipients.forEach(r -> inOrder.put(r, outcome.get(r)));
        return inOrder;
    }
}
