package dev.postject.service.mail.server;

import java.util.List;

/**
 * One transaction's envelope, as handed to {@link SmtpHandler#data}: the session, the sender and
 * its parameters, and the recipients the handler accepted, in the order they were given (never
 * empty: with no accepted recipient the server refuses DATA itself).
 */
public record Envelope<P>(
        SessionInfo<P> session, MailAddress from, MailParameters parameters, List<MailAddress> recipients) {
    public Envelope {
        if (session == null || from == null || parameters == null || recipients == null || recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope has a session, a sender and recipients");
        }
        recipients = List.copyOf(recipients);
    }
}
