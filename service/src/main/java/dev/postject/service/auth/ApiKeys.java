package dev.postject.service.auth;

import dev.postject.service.platform.text.Hashes;
import dev.postject.service.platform.text.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.zip.CRC32;

/**
 * The API key format: {@code pt_live_} + 32 random base62 characters + a 6-character base62
 * CRC32 of them. The checksum lets a mistyped or made-up key be refused without a database look-up.
 * Only the SHA-256 of a key is ever stored.
 */
public final class ApiKeys {
    public static final String PREFIX = "pt_live_";
    static final int SECRET_LENGTH = 32;
    static final int CHECKSUM_LENGTH = 6;
    static final int LENGTH = PREFIX.length() + SECRET_LENGTH + CHECKSUM_LENGTH;

    private ApiKeys() {}

    /** A freshly issued key: the plaintext is for the caller's eyes only, once. */
    public record Issued(String plaintext, String hash, String hint) {
        @Override
        public String toString() {
            return "Issued[hint=" + hint + "]";
        }
    }

    public static Issued issue() {
        String secret = Ids.randomBase62(SECRET_LENGTH);
        String key = PREFIX + secret + checksum(secret);
        return new Issued(key, hash(key), hint(key));
    }

    /** Prefix, length, alphabet and checksum: no I/O, constant work for any input. */
    public static boolean isWellFormed(String key) {
        if (key == null || key.length() != LENGTH || !key.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (Ids.BASE62.indexOf(key.charAt(i)) < 0) {
                return false;
            }
        }
        String secret = key.substring(PREFIX.length(), PREFIX.length() + SECRET_LENGTH);
        byte[] expected = checksum(secret).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = key.substring(PREFIX.length() + SECRET_LENGTH).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    /** What is stored of a key: its SHA-256. */
    public static String hash(String key) {
        return Hashes.sha256Hex(key);
    }

    /** {@code pt_live_AbCd...wXyZ}: enough to recognise a key, far too little to use it. */
    static String hint(String key) {
        return PREFIX + key.substring(PREFIX.length(), PREFIX.length() + 4) + "..." + key.substring(LENGTH - 4);
    }

    static String checksum(String secret) {
        CRC32 crc = new CRC32();
        crc.update(secret.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = Ids.BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
