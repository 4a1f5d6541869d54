package dev.postject.service.mail.server;

import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call from the protocol into one session's {@link SmtpHandler}, guarded as its contract
 * says: a handler that throws or answers nothing gets the server's own reply for that step, its
 * exception logged (never the credentials of an AUTH), and the session goes on.
 */
final class HandlerCalls<P> {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerCalls.class);

    private final SmtpHandler<P> handler;
    private final String host;

    HandlerCalls(SmtpHandler<P> handler, String host) {
        this.handler = handler;
        this.host = host;
    }

    /** The reply that refuses this client at connect, or empty to greet it. */
    Optional<SmtpReply> connected(ClientInfo client) {
        try {
            Optional<SmtpReply> refusal = handler.connected(client);
            return refusal == null ? Optional.empty() : refusal;
        } catch (RuntimeException e) {
            LOG.error("SMTP handler failed on connect", e);
            return Optional.of(new SmtpReply(421, "4.3.0", host + " Local error, try again later"));
        }
    }

    /** What the handler decided of these credentials; a failure to decide is a temporary failure. */
    AuthResult<P> authenticate(ClientInfo client, Credentials credentials) {
        try {
            AuthResult<P> result = handler.authenticate(client, credentials);
            return result == null ? AuthResult.temporaryFailure() : result;
        } catch (RuntimeException e) {
            LOG.error(
                    "SMTP handler failed to authenticate (credentials not logged): {}",
                    e.getClass().getName());
            return AuthResult.temporaryFailure();
        }
    }

    SmtpReply mailFrom(SessionInfo<P> session, MailAddress from, MailParameters parameters) {
        return decide(() -> handler.mailFrom(session, from, parameters));
    }

    SmtpReply rcptTo(SessionInfo<P> session, MailAddress to) {
        return decide(() -> handler.rcptTo(session, to));
    }

    SmtpReply data(Envelope<P> envelope, byte[] message) {
        return decide(() -> handler.data(envelope, message));
    }

    void reset() {
        try {
            handler.reset();
        } catch (RuntimeException e) {
            LOG.error("SMTP handler failed on reset", e);
        }
    }

    void closed() {
        try {
            handler.closed();
        } catch (RuntimeException e) {
            LOG.error("SMTP handler failed on close", e);
        }
    }

    private static SmtpReply decide(Supplier<SmtpReply> decision) {
        try {
            SmtpReply reply = decision.get();
            if (reply != null) {
                return reply;
            }
            LOG.error("SMTP handler returned no reply");
        } catch (RuntimeException e) {
            LOG.error("SMTP handler failed", e);
        }
        return SmtpReply.LOCAL_ERROR;
    }
}
