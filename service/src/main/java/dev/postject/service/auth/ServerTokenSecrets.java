package dev.postject.service.auth;

import dev.postject.service.platform.text.SecretFormat;

/**
 * The server token format: {@code pt_srv_} + 32 random base62 characters + a 6-character base62
 * CRC32 of them, the API key format with its own prefix ({@link SecretFormat}). Only the SHA-256 of
 * a token is ever stored.
 */
public final class ServerTokenSecrets {
    public static final String PREFIX = "pt_srv_";
    public static final SecretFormat FORMAT = new SecretFormat(PREFIX);

    private ServerTokenSecrets() {}

    /** A freshly issued token: the plaintext is for the caller's eyes only, once. */
    public static SecretFormat.Issued issue() {
        return FORMAT.issue();
    }
}
