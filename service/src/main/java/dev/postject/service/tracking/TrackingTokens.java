package dev.postject.service.tracking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens in tracked links and pixels: what they stand for (open or click, email, recipient and,
 * for a click, the URL), readable, with a 128-bit HMAC-SHA256 tag. A forged or altered token does
 * not verify, so a click token can only ever redirect to the URL Postject put in it.
 */
public final class TrackingTokens {
    public enum Kind {
        OPEN('o'),
        CLICK('c');

        final char code;

        Kind(char code) {
            this.code = code;
        }
    }

    /** What a token stands for; {@code url} is null for an open. */
    public record Target(Kind kind, String emailId, String recipient, String url) {}

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int TAG_BYTES = 16;

    private final SecretKeySpec key;

    public TrackingTokens(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    public String open(String emailId, String recipient) {
        return token(new Target(Kind.OPEN, emailId, recipient, null));
    }

    public String click(String emailId, String recipient, String url) {
        return token(new Target(Kind.CLICK, emailId, recipient, url));
    }

    private String token(Target target) {
        String payload = target.kind().code + "\n" + target.emailId() + "\n" + target.recipient()
                + (target.url() == null ? "" : "\n" + target.url());
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(tag(bytes));
    }

    /** What a token stands for, if it is one of Postject's and of the expected kind. */
    public Optional<Target> verify(String token, Kind expected) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 1 || token.length() > 8192) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] tag;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            tag = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // one spelling per token: base64 leaves slack in its last character, which must not make
        // an altered token that still verifies
        boolean canonical = ENCODER.encodeToString(payload).equals(token.substring(0, dot))
                && ENCODER.encodeToString(tag).equals(token.substring(dot + 1));
        if (!canonical || !MessageDigest.isEqual(tag, tag(payload))) {
            return Optional.empty();
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", 4);
        if (parts.length < 3 || parts[0].length() != 1 || parts[0].charAt(0) != expected.code) {
            return Optional.empty();
        }
        if (expected == Kind.CLICK && parts.length != 4) {
            return Optional.empty();
        }
        return Optional.of(new Target(expected, parts[1], parts[2], parts.length == 4 ? parts[3] : null));
    }

    private byte[] tag(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(payload), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
