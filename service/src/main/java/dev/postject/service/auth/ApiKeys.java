package dev.postject.service.auth;

import dev.postject.service.platform.text.SecretFormat;

/**
 * The API key format: {@code pt_live_} + 32 random base62 characters + a 6-character base62
 * CRC32 of them ({@link SecretFormat}, shared with server tokens). Only the SHA-256 of a key is
 * ever stored.
 */
public final class ApiKeys {
    public static final String PREFIX = "pt_live_";
    public static final SecretFormat FORMAT = new SecretFormat(PREFIX);
    static final int LENGTH = FORMAT.length();

    private ApiKeys() {}

    /** A freshly issued key: the plaintext is for the caller's eyes only, once. */
    public static SecretFormat.Issued issue() {
        return FORMAT.issue();
    }

    /** Prefix, length, alphabet and checksum: no I/O, constant work for any input. */
    public static boolean isWellFormed(String key) {
        return FORMAT.isWellFormed(key);
    }

    /** What is stored of a key: its SHA-256. */
    public static String hash(String key) {
        return SecretFormat.hash(key);
    }
}
