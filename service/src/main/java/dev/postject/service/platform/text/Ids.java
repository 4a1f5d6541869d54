package dev.postject.service.platform.text;

import java.security.SecureRandom;

/** Prefixed random ids ({@code acct_...}, {@code key_...}): 24 base62 characters, ~143 bits. */
public final class Ids {
    /** The alphabet of ids, keys and tokens. */
    public static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId(String prefix) {
        return prefix + randomBase62(24);
    }

    /**
     * A request id ({@code req_...}): unique enough to trace one request, not a secret, so drawn
     * from a fast non-cryptographic generator on the request path.
     */
    public static String newRequestId() {
        return "req_" + base62(24, java.util.concurrent.ThreadLocalRandom.current());
    }

    /** Unguessable: for ids, keys and tokens. */
    public static String randomBase62(int length) {
        return base62(length, RANDOM);
    }

    private static String base62(int length, java.util.Random random) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return out.toString();
    }
}
