package dev.postject.service.mail.server;

/**
 * What a client presented in AUTH: the mechanism ({@code PLAIN} or {@code LOGIN}), the
 * authorization identity (PLAIN only; empty when not given), the user name and the password. The
 * server never logs them; {@link #toString()} leaves the password out, so neither does a handler
 * that logs this record by accident.
 */
public record Credentials(String mechanism, String authorizationId, String username, String password) {
    public Credentials {
        if (mechanism == null || authorizationId == null || username == null || password == null) {
            throw new IllegalArgumentException("every part of the credentials is required, empty if absent");
        }
    }

    @Override
    public String toString() {
        return "Credentials[mechanism=" + mechanism + ", username=" + username + ", password=(hidden)]";
    }
}
