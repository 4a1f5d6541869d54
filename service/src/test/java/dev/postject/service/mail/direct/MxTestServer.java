package dev.postject.service.mail.direct;

import dev.postject.service.mail.server.Envelope;
import dev.postject.service.mail.server.MailAddress;
import dev.postject.service.mail.server.MailParameters;
import dev.postject.service.mail.server.SessionInfo;
import dev.postject.service.mail.server.SmtpHandler;
import dev.postject.service.mail.server.SmtpReply;
import dev.postject.service.mail.server.SmtpServer;
import dev.postject.service.mail.server.SmtpServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A recipient's mail server for tests: Postject's own {@link SmtpServer} (STARTTLS offered when
 * given a certificate), reached through a wire tap on a loopback address of its own (anything in
 * 127.0.0.0/8 reaches lo on Linux), so tests can run several "hosts" on one port and see every
 * byte a client sent before TLS began.
 */
public final class MxTestServer implements AutoCloseable {
    public record Received(String from, List<String> recipients, String content, String tlsProtocol) {}

    private final SmtpServer server;
    private final ServerSocket tap;
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile SmtpReply greeting;
    private volatile CountDownLatch hold;
    private final AtomicInteger held = new AtomicInteger();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    private MxTestServer(InetAddress address, int port, SSLContext tls) throws IOException {
        SmtpServerSettings settings = SmtpServerSettings.builder("mx.dest.test")
                .port(0)
                .commandTimeout(Duration.ofSeconds(20))
                .dataTimeout(Duration.ofSeconds(20))
                .shutdownTimeout(Duration.ofSeconds(2))
                .build();
        server = new SmtpServer(settings, tls, this::session);
        server.start();
        tap = new ServerSocket();
        tap.bind(new InetSocketAddress(address, port));
        Thread accept = new Thread(this::accept, "mx-test-tap-" + address.getHostAddress());
        accept.setDaemon(true);
        accept.start();
    }

    /** A server at {@code address} on {@code port} (0: any free one); {@code tls} null: no STARTTLS. */
    public static MxTestServer start(InetAddress address, int port, SSLContext tls) {
        try {
            return new MxTestServer(address, port, tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback address no other test is likely to use: 127.x.y.z, picked at random. */
    public static InetAddress freshLoopback() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] address = {
            127, (byte) random.nextInt(1, 255), (byte) random.nextInt(1, 255), (byte) random.nextInt(2, 255)
        };
        try {
            return InetAddress.getByAddress(address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on, connections are greeted with this refusal, then closed. */
    public MxTestServer greetWith(SmtpReply refusal) {
        greeting = refusal;
        return this;
    }

    /** From now on, each message's end of DATA is answered only after {@link #releaseData()}. */
    MxTestServer holdData() {
        hold = new CountDownLatch(1);
        return this;
    }

    /** Messages whose DATA is being held now. */
    int held() {
        return held.get();
    }

    void releaseData() {
        CountDownLatch latch = hold;
        hold = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    public InetAddress address() {
        return tap.getInetAddress();
    }

    public int port() {
        return tap.getLocalPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public int connections() {
        return connections.get();
    }

    /** Every byte clients sent, all sessions in turn (until TLS, after which the bytes are ciphertext). */
    public String wire() {
        synchronized (wire) {
            return wire.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Ends every open connection, as a server does to sessions idle too long; it goes on listening. */
    void dropConnections() {
        clients.forEach(MxTestServer::closeQuietly);
        clients.clear();
    }

    @Override
    public void close() {
        try {
            tap.close();
        } catch (IOException e) {
            // closed
        }
        server.stop();
    }

    private SmtpHandler<String> session() {
        return new SmtpHandler<>() {
            @Override
            public Optional<SmtpReply> connected(dev.postject.service.mail.server.ClientInfo client) {
                return Optional.ofNullable(greeting);
            }

            @Override
            public SmtpReply mailFrom(SessionInfo<String> session, MailAddress from, MailParameters parameters) {
                return SmtpReply.SENDER_OK;
            }

            @Override
            public SmtpReply rcptTo(SessionInfo<String> session, MailAddress to) {
                if (to.localPart().startsWith("busy")) {
                    return new SmtpReply(421, "4.7.0", "Try again later, closing connection");
                }
                return to.localPart().startsWith("refused")
                        ? new SmtpReply(550, "5.1.1", "No such user " + to)
                        : SmtpReply.RECIPIENT_OK;
            }

            @Override
            public SmtpReply data(Envelope<String> envelope, byte[] message) {
                CountDownLatch latch = hold;
                if (latch != null) {
                    held.incrementAndGet();
                    try {
                        latch.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        held.decrementAndGet();
                    }
                }
                received.add(new Received(
                        envelope.from().toString(),
                        envelope.recipients().stream()
                                .map(MailAddress::toString)
                                .toList(),
                        new String(message, StandardCharsets.UTF_8),
                        envelope.session().client().tlsProtocol()));
                return SmtpReply.queued("test" + received.size());
            }
        };
    }

    private void accept() {
        while (!tap.isClosed()) {
            try {
                Socket client = tap.accept();
                clients.add(client);
                connections.incrementAndGet();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), server.port());
                pump(client, backend, true);
                pump(backend, client, false);
            } catch (IOException e) {
                // the tap closed, or the server went away
            }
        }
    }

    private void pump(Socket from, Socket to, boolean record) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = from.getInputStream()) {
                        OutputStream out = to.getOutputStream();
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            if (record) {
                                synchronized (wire) {
                                    wire.write(buffer, 0, n);
                                }
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "mx-test-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed
        }
    }
}
