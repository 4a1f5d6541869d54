package dev.postject.service.mail.server;

/**
 * What {@link SmtpHandler#authenticate} decided. The server keeps an accepted principal as it is
 * (it never looks inside) and hands it back in every {@link SessionInfo} until the session ends or
 * restarts with STARTTLS.
 */
public sealed interface AuthResult<P> {
    /** {@code 235 2.7.0}: the session is now authenticated as {@code principal}. */
    record Accepted<P>(P principal) implements AuthResult<P> {
        public Accepted {
            if (principal == null) {
                throw new IllegalArgumentException("an accepted authentication has a principal");
            }
        }
    }

    /** {@code 535 5.7.8}: wrong, unknown, revoked or expired credentials; counts as a failed attempt. */
    record Refused<P>() implements AuthResult<P> {}

    /** {@code 454 4.7.0}: the credentials could not be checked now (e.g. the store is down); not counted. */
    record TemporaryFailure<P>() implements AuthResult<P> {}

    static <P> AuthResult<P> accepted(P principal) {
        return new Accepted<>(principal);
    }

    static <P> AuthResult<P> refused() {
        return new Refused<>();
    }

    static <P> AuthResult<P> temporaryFailure() {
        return new TemporaryFailure<>();
    }
}
