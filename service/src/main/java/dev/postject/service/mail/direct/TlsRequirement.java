package dev.postject.service.mail.direct;

/** What a connection to a mail server must have before any mail goes over it. */
public enum TlsRequirement {
    /**
     * STARTTLS whenever the server offers it, whatever its certificate (RFC 7435 opportunistic
     * security: encryption against passive eavesdroppers); plaintext when it offers none, or when
     * its TLS handshake fails (then once more without STARTTLS).
     */
    OPPORTUNISTIC,
    /**
     * STARTTLS, TLS 1.2 or later, and a certificate that the trust store accepts and that is valid
     * for the mail server's name (what an MTA-STS policy in {@code enforce} mode asks, RFC 8461
     * 4.2); otherwise the connection is given up after EHLO, before anything of a message is sent.
     */
    REQUIRED_VERIFIED,
    /**
     * STARTTLS whenever the server offers it, with a certificate the trust store accepts for the
     * server's name, else no session; plaintext when it offers none (a relay's {@code STARTTLS}).
     */
    VERIFIED_WHEN_OFFERED,
    /** No STARTTLS: plaintext, as a relay's {@code tls: OFF} says. */
    NONE
}
