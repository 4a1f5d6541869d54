package dev.postject.service.mail.relay;

import dev.postject.service.mail.SmtpReply;
import dev.postject.service.mail.SmtpSettings;
import dev.postject.service.mail.direct.Envelope;
import dev.postject.service.mail.direct.MxConnector;
import dev.postject.service.mail.direct.MxSession;
import dev.postject.service.mail.direct.Opened;
import dev.postject.service.mail.direct.SmtpAuth;
import dev.postject.service.mail.direct.TlsRequirement;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Talks SMTP to the configured relay over the same client as direct delivery ({@link
 * MxConnector}, {@link MxSession}): STARTTLS as configured, AUTH when a username is set, and a
 * worker's messages pipelined (RFC 2920) when the relay offers it, about one round trip per
 * message. Each {@link Connection} stays open across messages and reconnects when the server drops
 * it.
 *
 * <p>AUTH credentials go only over TLS, unless {@code tls: OFF} says the relay is reached in
 * plaintext on purpose: a relay set to {@code STARTTLS} that offers none gets no credentials, and
 * its mail waits (a temporary failure), as Postfix's {@code noplaintext} default has it.
 */
public final class RelayClient {
    /** How long after its last exchange a connection is taken to be open without asking the server. */
    static final Duration FRESH = Duration.ofSeconds(1);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final SmtpSettings settings;
    private final long freshNanos;
    private final MxConnector connector;
    private final TlsRequirement tls;
    private final String heloName = localName();

    public RelayClient(SmtpSettings settings) {
        this(settings, FRESH, MxConnector.defaultContext());
    }

    /** With connections taken to be open for {@code fresh}, and certificates verified by {@code trust}. */
    RelayClient(SmtpSettings settings, Duration fresh, SSLContext trust) {
        this.settings = settings;
        this.freshNanos = fresh.toNanos();
        this.connector = new MxConnector(CONNECT_TIMEOUT, COMMAND_TIMEOUT, trust);
        this.tls = switch (settings.tls()) {
            case OFF -> TlsRequirement.NONE;
            case STARTTLS -> TlsRequirement.VERIFIED_WHEN_OFFERED;
            case REQUIRED -> TlsRequirement.REQUIRED_VERIFIED;
        };
    }

    public Connection connection() {
        return new Connection();
    }

    /**
     * One SMTP connection, used by one worker at a time. A connection used in the last {@link
     * #FRESH} is taken to be open; one idle for longer is asked first (RSET), and replaced when it
     * is not.
     */
    public final class Connection implements AutoCloseable {
        private MxSession session;
        private long lastExchange;

        /** Stored MIME bytes to one recipient; as {@link #send(List)} for one message. */
        public SmtpReply send(String envelopeFrom, String recipient, byte[] mime) {
            return send(List.of(new Envelope(envelopeFrom, List.of(recipient), mime)))
                    .get(0);
        }

        /**
         * Messages of one recipient each, in one pipelined exchange when the relay allows: the
         * reply that decided each, in order. Never throws: a refusal or a network failure comes
         * back as the reply it amounts to (code 0: no verdict). A connection that had been working
         * (taken to be open, or with a verdict on an earlier message of these) and turns out closed
         * (no answer, or the server's 421) is replaced, and the messages it left undecided are sent
         * once more.
         */
        public List<SmtpReply> send(List<Envelope> messages) {
            for (Envelope message : messages) {
                if (message.recipients().size() != 1) {
                    throw new IllegalArgumentException("a relayed message has one recipient");
                }
            }
            boolean trusted = session != null && session.isOpen() && System.nanoTime() - lastExchange < freshNanos;
            List<SmtpReply> replies = new ArrayList<>(sendOnce(messages));
            List<Integer> undecided = new ArrayList<>();
            for (int i = 0; i < replies.size(); i++) {
                if (undecided(replies.get(i))) {
                    undecided.add(i);
                }
            }
            boolean worked = trusted || undecided.size() < replies.size();
            if (undecided.isEmpty() || !worked) {
                return replies;
            }
            close();
            List<SmtpReply> again =
                    sendOnce(undecided.stream().map(messages::get).toList());
            for (int i = 0; i < undecided.size(); i++) {
                replies.set(undecided.get(i), again.get(i));
            }
            return replies;
        }

        private static boolean undecided(SmtpReply reply) {
            return reply.code() == 0 || reply.code() == 421;
        }

        private List<SmtpReply> sendOnce(List<Envelope> messages) {
            SmtpReply failure = ensureConnected();
            if (failure != null) {
                return Collections.nCopies(messages.size(), failure);
            }
            List<SmtpReply> replies = session.send(messages).stream()
                    .map(outcome -> outcome.values().iterator().next())
                    .toList();
            lastExchange = System.nanoTime();
            return replies;
        }

        /** Null when the session is ready for mail; else why it is not (code 0), with no session left. */
        private SmtpReply ensureConnected() {
            if (session != null
                    && session.isOpen()
                    && (System.nanoTime() - lastExchange < freshNanos || session.reset())) {
                return null;
            }
            close();
            List<InetAddress> addresses;
            try {
                addresses = Arrays.asList(InetAddress.getAllByName(settings.host()));
            } catch (UnknownHostException e) {
                return new SmtpReply(0, "No SMTP answer: unknown relay host " + settings.host());
            }
            Opened opened = connector.open(settings.host(), addresses, settings.port(), heloName, tls);
            if (opened instanceof Opened.Failed failed) {
                return new SmtpReply(
                        0,
                        "No SMTP answer: "
                                + failed.attempts().stream()
                                        .map(Opened.Attempt::toString)
                                        .collect(Collectors.joining("; ")));
            }
            MxSession opening = ((Opened.Connected) opened).session();
            if (!settings.username().isBlank()) {
                SmtpReply refusal = authenticate(opening);
                if (refusal != null) {
                    opening.close();
                    return refusal;
                }
            }
            session = opening;
            lastExchange = System.nanoTime();
            return null;
        }

        /** Null when AUTH succeeded; else why there is no session (code 0: the mail waits, never bounces). */
        private SmtpReply authenticate(MxSession opening) {
            if (opening.tls().isEmpty() && settings.tls() != SmtpSettings.Tls.OFF) {
                return new SmtpReply(
                        0,
                        "The relay " + settings.host() + " offers no STARTTLS: Postject sends AUTH credentials only"
                                + " over TLS (tls: OFF allows plaintext)");
            }
            SmtpReply auth = SmtpAuth.authenticate(opening, settings.username(), settings.password());
            return auth.code() == 235 ? null : new SmtpReply(0, "The relay refused AUTH: " + auth);
        }

        @Override
        public void close() {
            if (session != null) {
                session.close();
                session = null;
            }
        }
    }

    /** The name Postject says EHLO with, as Jakarta Mail took it: this host's canonical name. */
    private static String localName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
