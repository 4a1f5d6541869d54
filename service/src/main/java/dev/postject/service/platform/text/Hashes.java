package dev.postject.service.platform.text;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** SHA-256, the one digest Postject keeps of secrets it must recognise (keys, link tokens) and of bodies. */
public final class Hashes {
    private Hashes() {}

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The lower-case hex SHA-256 of a text's US-ASCII bytes: what is stored of API keys, confirmation
     * link tokens and idempotent request bodies. (A character outside ASCII counts as {@code ?}.)
     */
    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
