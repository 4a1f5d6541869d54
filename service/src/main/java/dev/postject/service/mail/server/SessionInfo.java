package dev.postject.service.mail.server;

import java.util.Optional;

/**
 * The session as the server knows it when it asks the handler about a sender or recipient: the
 * client (with its TLS state), the name it gave in HELO/EHLO, and the principal that
 * {@link SmtpHandler#authenticate} returned, if the session authenticated since it last started
 * (or restarted with STARTTLS).
 */
public record SessionInfo<P>(ClientInfo client, String heloName, Optional<P> principal) {
    public SessionInfo {
        if (client == null || heloName == null || principal == null) {
            throw new IllegalArgumentException("client, heloName and principal are required");
        }
    }

    public boolean authenticated() {
        return principal.isPresent();
    }
}
