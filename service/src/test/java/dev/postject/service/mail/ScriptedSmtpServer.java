package dev.postject.service.mail;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server on loopback for tests: it records every transaction it accepts (envelope and
 * raw bytes), and answers RCPT TO for a scripted recipient with the next scripted reply code
 * (e.g. 451 then 250), so tests can drive deferrals and bounces.
 */
public final class ScriptedSmtpServer implements BeforeAllCallback, AfterAllCallback {
    public record Received(String envelopeFrom, List<String> recipients, byte[] data) {
        public MimeMessage parse() {
            try {
                return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> script = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> dataScript = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> replyScript = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> dataReplyScript = new ConcurrentHashMap<>();
    private final List<Received> refusedAtData = new CopyOnWriteArrayList<>();
    private final AtomicInteger transactions = new AtomicInteger();
    private volatile long dataDelayMillis;
    private SMTPServer server;

    public void start() {
        server = SMTPServer.port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .messageHandlerFactory(this::handler)
                .insertReceivedHeaders(false)
                .build();
        server.start();
    }

    public void stop() {
        server.stop();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public int port() {
        return server.getPortAllocated();
    }

    /** The next RCPT TO replies for this address, in order; afterwards it is accepted. */
    public void script(String recipient, Integer... codes) {
        script.put(recipient.toLowerCase(Locale.ROOT), new ArrayDeque<>(List.of(codes)));
    }

    /**
     * The next RCPT TO replies for this address, each a whole reply as a server words it
     * ({@code "550 5.1.1 <ann@x.test>: User unknown"}); afterwards it is accepted.
     */
    public void scriptReplies(String recipient, String... replies) {
        replyScript.put(recipient.toLowerCase(Locale.ROOT), new ArrayDeque<>(List.of(replies)));
    }

    /** The next replies to DATA for transactions to this address, each a whole reply (see {@link #scriptReplies}). */
    public void scriptDataReplies(String recipient, String... replies) {
        dataReplyScript.put(recipient.toLowerCase(Locale.ROOT), new ArrayDeque<>(List.of(replies)));
    }

    /** A scripted refusal as the server answers it; null for a scripted 2xx or none. */
    private static RejectException refusal(Map<String, Deque<String>> script, String recipient) {
        Deque<String> replies = script.get(recipient.toLowerCase(Locale.ROOT));
        String reply = replies == null ? null : replies.poll();
        if (reply == null || reply.charAt(0) < '4') {
            return null;
        }
        return new RejectException(Integer.parseInt(reply.substring(0, 3)), reply.substring(4));
    }

    /** Makes the server slow: each DATA takes this long to answer, like a loaded real server. */
    public void slowDataBy(long millis) {
        dataDelayMillis = millis;
    }

    /** The next replies to DATA for transactions to this address (after the bytes arrived). */
    public void scriptData(String recipient, Integer... codes) {
        dataScript.put(recipient.toLowerCase(Locale.ROOT), new ArrayDeque<>(List.of(codes)));
    }

    /** Messages whose bytes arrived but whose DATA got a scripted refusal. */
    public List<Received> refusedAtData() {
        return List.copyOf(refusedAtData);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> receivedFor(String recipient) {
        return received.stream().filter(r -> r.recipients().contains(recipient)).toList();
    }

    /** SMTP transactions begun (MAIL FROM), accepted or not. */
    public int transactions() {
        return transactions.get();
    }

    private MessageHandler handler(MessageContext context) {
        transactions.incrementAndGet();
        return new MessageHandler() {
            private String from;
            private final List<String> recipients = new ArrayList<>();

            @Override
            public void from(String address) {
                from = address;
            }

            @Override
            public void recipient(String address) throws RejectException {
                RejectException scripted = refusal(replyScript, address);
                if (scripted != null) {
                    throw scripted;
                }
                Deque<Integer> replies = script.get(address.toLowerCase(Locale.ROOT));
                Integer code = replies == null ? null : replies.poll();
                if (code != null && code >= 400) {
                    throw new RejectException(
                            code, (code >= 500 ? "5.1.1" : "4.2.0") + " scripted reply for " + address);
                }
                recipients.add(address);
            }

            @Override
            public String data(InputStream data) throws IOException, RejectException {
                Received message = new Received(from, List.copyOf(recipients), data.readAllBytes());
                if (dataDelayMillis > 0) {
                    try {
                        // a simulated slow peer, not a wait for an effect
                        TimeUnit.MILLISECONDS.sleep(dataDelayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                for (String recipient : recipients) {
                    RejectException scripted = refusal(dataReplyScript, recipient);
                    if (scripted != null) {
                        refusedAtData.add(message);
                        throw scripted;
                    }
                    Deque<Integer> replies = dataScript.get(recipient.toLowerCase(Locale.ROOT));
                    Integer code = replies == null ? null : replies.poll();
                    if (code != null && code >= 400) {
                        refusedAtData.add(message);
                        throw new RejectException(code, "4.3.0 scripted DATA reply");
                    }
                }
                received.add(message);
                return null;
            }

            @Override
            public void done() {}
        };
    }
}
