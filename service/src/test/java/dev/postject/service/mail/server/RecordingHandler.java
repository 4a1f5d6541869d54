package dev.postject.service.mail.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handler for tests that records every call, in order, across all sessions; accepts everything
 * unless told otherwise. Users it knows authenticate as {@code "user:<name>"}.
 */
final class RecordingHandler implements SmtpHandler.Factory<String> {
    record Message(Envelope<String> envelope, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Message> messages = new CopyOnWriteArrayList<>();
    final List<SessionInfo<String>> senders = new CopyOnWriteArrayList<>();
    final List<Credentials> credentials = new CopyOnWriteArrayList<>();
    final Map<String, String> passwords = new ConcurrentHashMap<>();
    final Set<String> refusedRecipients = ConcurrentHashMap.newKeySet();
    final Set<String> revoked = ConcurrentHashMap.newKeySet();
    final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    volatile SmtpReply connectRefusal;
    volatile boolean requireAuthentication;
    volatile RuntimeException failure;
    /** When set, data() waits for it: a transaction held "under way". */
    volatile CountDownLatch dataGate;
    /** When set, rcptTo() of {@link #SLOW_RECIPIENT} waits for it. */
    volatile CountDownLatch rcptGate;

    static final String SLOW_RECIPIENT = "slow@example.org";

    RecordingHandler user(String name, String password) {
        passwords.put(name, password);
        return this;
    }

    @Override
    public SmtpHandler<String> newSession() {
        return new SmtpHandler<>() {
            @Override
            public Optional<SmtpReply> connected(ClientInfo client) {
                calls.add("connected " + (client.tls() ? "tls" : "plain"));
                return Optional.ofNullable(connectRefusal);
            }

            @Override
            public AuthResult<String> authenticate(ClientInfo client, Credentials given) {
                calls.add("authenticate " + given.mechanism() + " " + given.username());
                credentials.add(given);
                if (failure != null) {
                    throw failure;
                }
                return given.password().equals(passwords.get(given.username()))
                        ? AuthResult.accepted("user:" + given.username())
                        : AuthResult.refused();
            }

            @Override
            public SmtpReply mailFrom(SessionInfo<String> session, MailAddress from, MailParameters parameters) {
                calls.add("mailFrom " + from);
                senders.add(session);
                if (failure != null) {
                    throw failure;
                }
                if (requireAuthentication && session.principal().isEmpty()) {
                    return SmtpReply.AUTHENTICATION_REQUIRED;
                }
                if (session.principal().filter(revoked::contains).isPresent()) {
                    return SmtpReply.INVALID_CREDENTIALS;
                }
                return SmtpReply.SENDER_OK;
            }

            @Override
            public SmtpReply rcptTo(SessionInfo<String> session, MailAddress to) {
                calls.add("rcptTo " + to);
                if (to.toString().equals(SLOW_RECIPIENT) && rcptGate != null) {
                    await(rcptGate);
                }
                return refusedRecipients.contains(to.toString())
                        ? new SmtpReply(550, "5.7.1", "Recipient not allowed: " + to)
                        : SmtpReply.RECIPIENT_OK;
            }

            @Override
            public SmtpReply data(Envelope<String> envelope, byte[] message) {
                calls.add("data " + message.length);
                if (dataGate != null) {
                    await(dataGate);
                }
                messages.add(new Message(envelope, message));
                return SmtpReply.queued("msg_" + queued.incrementAndGet());
            }

            @Override
            public void reset() {
                calls.add("reset");
            }

            @Override
            public void closed() {
                calls.add("closed");
                closed.incrementAndGet();
            }
        };
    }

    private static void await(CountDownLatch gate) {
        try {
            gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<String> mailFroms() {
        return calls.stream().filter(c -> c.startsWith("mailFrom ")).toList();
    }
}
