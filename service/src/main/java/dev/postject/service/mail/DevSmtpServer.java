package dev.postject.service.mail;

import io.dropwizard.lifecycle.Managed;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The zero-setup relay: with no SMTP host configured, Postject delivers to this server on the
 * loopback interface, which keeps the last {@value #KEEP} messages for {@code GET /v1/dev/inbox}.
 * The whole SMTP path still runs.
 *
 * <p>Each message is kept with the account it belongs to, as {@link Owners} tells from Postject's
 * own records, and shown only to that account. A message no account owns (nothing Postject
 * delivered) is not kept.
 */
public final class DevSmtpServer implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DevSmtpServer.class);
    static final int KEEP = 1000;

    public record Captured(String accountId, String envelopeFrom, String recipient, Instant receivedAt, byte[] data) {}

    /** Whose a received message is: the account whose email it is, or empty when it is no one's. */
    @FunctionalInterface
    public interface Owners {
        Optional<String> accountOf(String envelopeFrom, String recipient, byte[] data);
    }

    private final SMTPServer server;
    private final Deque<Captured> inbox = new ArrayDeque<>();

    public DevSmtpServer(Clock clock, Owners owners) {
        this.server = SMTPServer.port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("postject-dev-smtp")
                // keeps each message exactly as Postject sent it: that is how its owner is found
                .insertReceivedHeaders(false)
                .messageHandler((context, from, to, data) -> {
                    Optional<String> account = owners.accountOf(from, to, data);
                    if (account.isEmpty()) {
                        LOG.warn("The embedded SMTP server received a message that is none of Postject's emails;"
                                + " it is not kept");
                        return;
                    }
                    synchronized (inbox) {
                        inbox.addFirst(new Captured(account.get(), from, to, clock.instant(), data));
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

    /** The account's messages, newest first. */
    public List<Captured> inbox(String accountId) {
        synchronized (inbox) {
            return inbox.stream().filter(m -> m.accountId().equals(accountId)).toList();
        }
    }

    @Override
    public void stop() {
        server.stop();
    }
}
