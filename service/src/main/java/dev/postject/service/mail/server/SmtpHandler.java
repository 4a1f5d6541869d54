package dev.postject.service.mail.server;

import java.util.Optional;

/**
 * What an {@link SmtpServer} asks about one SMTP session: the seam between the protocol (which the
 * server handles entirely) and what the mail means (which the handler decides).
 *
 * <p><b>Lifecycle.</b> The server asks its {@link Factory} for a new handler per connection and
 * calls it from that session's thread only, one call at a time, so a handler keeps its session's
 * state in plain fields. Calls come in protocol order:
 * <pre>
 *   connected ( authenticate )? ( mailFrom ( rcptTo* data? )? reset? )* closed
 * </pre>
 * {@link #closed()} comes last, always, however the session ended (QUIT, timeout, error limit,
 * server stop, the client vanishing, a handler exception).
 *
 * <p><b>Replies.</b> Each decision is an {@link SmtpReply}, sent to the client exactly as returned;
 * a 2xx reply accepts. A handler that throws or returns null makes the server answer
 * {@link SmtpReply#LOCAL_ERROR} ({@code 451 4.3.0}) and log the exception; the session goes on.
 *
 * <p><b>What the server has already done</b> before asking: command syntax and sequence, address
 * syntax (RFC 5321; UTF-8 only with SMTPUTF8), MAIL FROM parameters (a declared SIZE over the limit
 * is refused with {@code 552 5.3.4} and never reaches {@link #mailFrom}), the recipient limit
 * ({@code 452 4.5.3}), DATA without an accepted recipient ({@code 554 5.5.1}), message size and
 * bare CR/LF in the content ({@code 552 5.3.4}, {@code 550 5.6.0}: such a message never reaches
 * {@link #data}), dot-unstuffing, timeouts, and every connection and error limit. AUTH is offered
 * and accepted only under TLS (or from loopback in plaintext, when so configured).
 *
 * @param <P> what {@link #authenticate} returns for a client it accepts (a token, an account...):
 *     the server keeps it without looking inside and hands it back in each {@link SessionInfo}
 */
public interface SmtpHandler<P> {

    /** Makes the handler for each new session; called from that session's thread, so it must be thread-safe. */
    @FunctionalInterface
    interface Factory<P> {
        SmtpHandler<P> newSession();
    }

    /**
     * A client connected (after the TLS handshake on an implicit-TLS port). Empty: the server greets
     * it ({@code 220 <hostname> ESMTP}). A reply (4xx or 5xx, e.g. {@code 421 4.7.0} or
     * {@code 554 5.7.1}): sent instead of the greeting, then the connection is closed.
     */
    default Optional<SmtpReply> connected(ClientInfo client) {
        return Optional.empty();
    }

    /**
     * The client sent AUTH PLAIN or LOGIN with these credentials. Never log the password.
     * {@link AuthResult#accepted}: {@code 235 2.7.0}, and the principal appears in every later
     * {@link SessionInfo} of this session (until STARTTLS, which forgets it);
     * {@link AuthResult#refused()}: {@code 535 5.7.8}, counted as a failed attempt (the session is
     * closed after the configured number); {@link AuthResult#temporaryFailure()}: {@code 454 4.7.0}.
     * Only called when the server offers AUTH; the default refuses everyone.
     */
    default AuthResult<P> authenticate(ClientInfo client, Credentials credentials) {
        return AuthResult.refused();
    }

    /**
     * MAIL FROM: may this session send as {@code from} (the null sender {@code <>} is
     * {@link MailAddress#NULL_SENDER})? {@code session} says whether it is authenticated and as whom,
     * so a revoked or expired credential is refused here, at each new message. Typical replies:
     * {@link SmtpReply#SENDER_OK}, {@link SmtpReply#AUTHENTICATION_REQUIRED} ({@code 530 5.7.0}),
     * {@code 550 5.7.1} (not allowed to send as this address), {@code 450 4.7.1} (rate limited). A
     * 2xx reply starts a transaction; any other leaves the session without one.
     */
    SmtpReply mailFrom(SessionInfo<P> session, MailAddress from, MailParameters parameters);

    /**
     * RCPT TO, within the transaction {@link #mailFrom} accepted. Each recipient is decided alone: a
     * 2xx reply ({@link SmtpReply#RECIPIENT_OK}) adds it to the envelope, anything else (e.g.
     * {@code 550 5.7.1}, {@code 550 5.1.1}) refuses only this one. No RCPT parameter reaches the
     * handler: the server advertises none (no DSN) and refuses any with {@code 555 5.5.4}.
     */
    SmtpReply rcptTo(SessionInfo<P> session, MailAddress to);

    /**
     * The whole message arrived: its content exactly as the client sent it, dot-unstuffed, ending
     * with the CRLF of its last line (nothing added, no Received header). Return only once the
     * message is safely stored (committed): a 2xx reply ({@link SmtpReply#queued}) promises the
     * client it will not be lost. A refusal ({@code 550 5.6.0} malformed, {@code 554 5.7.1}...)
     * refuses the whole message for every recipient.
     */
    SmtpReply data(Envelope<P> envelope, byte[] message);

    /**
     * The transaction that {@link #mailFrom} started is over: after {@link #data} returned, or
     * abandoned (RSET, HELO/EHLO, STARTTLS, a message the server itself refused). Called once per
     * such transaction, never when none was started; a session that ends gets {@link #closed()}
     * instead.
     */
    default void reset() {}

    /** The session ended; the handler is not called again. */
    default void closed() {}
}
