package dev.postject.service.mail;

import io.dropwizard.lifecycle.Managed;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The zero-setup relay: with no SMTP host configured, Postject delivers to this server on the
 * loopback interface, which keeps the last {@value #KEEP} messages for {@code GET /v1/dev/inbox}.
 * The whole SMTP path still runs.
 */
public final class DevSmtpServer implements Managed {
    static final int KEEP = 1000;

    public record Captured(String envelopeFrom, String recipient, Instant receivedAt, byte[] data) {}

    private final SMTPServer server;
    private final Deque<Captured> inbox = new ArrayDeque<>();

    public DevSmtpServer(Clock clock) {
        this.server = SMTPServer.port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("postject-dev-smtp")
                .messageHandler((context, from, to, data) -> {
                    synchronized (inbox) {
                        inbox.addFirst(new Captured(from, to, clock.instant(), data));
                        if (inbox.size() > KEEP) {
                            inbox.removeLast();
                        }
                    }
                })
                .build();
        server.start();
    }

    public int port() {
        return server.getPortAllocated();
    }

    /** Newest first. */
    public List<Captured> inbox() {
        synchronized (inbox) {
            return new ArrayList<>(inbox);
        }
    }

    @Override
    public void stop() {
        server.stop();
    }
}
