package dev.postject.service.platform.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.zip.CRC32;

/**
 * The shape of Postject's bearer secrets (API keys {@code pt_live_...}, server tokens {@code
 * pt_srv_...}): a prefix, 32 random base62 characters and a 6-character base62 CRC32 of them. The
 * checksum lets a mistyped or made-up secret be refused without a database look-up. Only the
 * SHA-256 of a secret is ever stored.
 */
public final class SecretFormat {
    static final int SECRET_LENGTH = 32;
    static final int CHECKSUM_LENGTH = 6;

    private final String prefix;
    private final int length;

    /** A freshly issued secret: the plaintext is for the caller's eyes only, once. */
    public record Issued(String plaintext, String hash, String hint) {
        @Override
        public String toString() {
            return "Issued[hint=" + hint + "]";
        }
    }

    public SecretFormat(String prefix) {
        this.prefix = prefix;
        this.length = prefix.length() + SECRET_LENGTH + CHECKSUM_LENGTH;
    }

    public String prefix() {
        return prefix;
    }

    /** The length of every well-formed secret of this format. */
    public int length() {
        return length;
    }

    public Issued issue() {
        String secret = Ids.randomBase62(SECRET_LENGTH);
        String plaintext = prefix + secret + checksum(secret);
        return new Issued(plaintext, hash(plaintext), hint(plaintext));
    }

    /** Prefix, length, alphabet and checksum: no I/O, constant work for any input. */
    public boolean isWellFormed(String secret) {
        if (secret == null || secret.length() != length || !secret.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < length; i++) {
            if (Ids.BASE62.indexOf(secret.charAt(i)) < 0) {
                return false;
            }
        }
        String random = secret.substring(prefix.length(), prefix.length() + SECRET_LENGTH);
        byte[] expected = checksum(random).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = secret.substring(prefix.length() + SECRET_LENGTH).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    /** What is stored of a secret: its SHA-256, in lower-case hex. */
    public static String hash(String secret) {
        return Hashes.sha256Hex(secret);
    }

    /** {@code pt_live_AbCd...wXyZ}: enough to recognise a secret, far too little to use it. */
    public String hint(String secret) {
        return prefix + secret.substring(prefix.length(), prefix.length() + 4) + "..." + secret.substring(length - 4);
    }

    static String checksum(String random) {
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = Ids.BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
