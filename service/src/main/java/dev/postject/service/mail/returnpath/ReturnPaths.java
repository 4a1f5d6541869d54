package dev.postject.service.mail.returnpath;

import dev.postject.service.platform.text.Ids;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * VERP Return-Paths: {@code bounces+<token>@<bounce domain>}, the envelope sender of every message,
 * so that a bounce sent back to it, even days later and even written by a relay, names the email
 * and the recipient it is about. The token is 35 bytes in lower-case base32 (56 characters, so the
 * local part is 64, the RFC 5321 limit): a version byte, the email id ({@code msg_} and 24 base62
 * characters, as a 143-bit number in 18 bytes), a 48-bit keyed hash of the recipient address, and
 * an 80-bit HMAC-SHA256 tag over all of it. Base32 has one letter case, so a receiver that lower-
 * or upper-cases the local part changes nothing.
 *
 * <p>The recipient travels as a hash rather than as its index in the email's recipient list: the
 * sender of each message knows the address it sends to but not a position, which would depend on
 * how to, cc and bcc are ordered and duplicates dropped, and stay fixed only as long as that rule
 * does; the hash is checked against the email's recipients when the bounce arrives
 * ({@link #recipientOf}). Keyed, so a Return-Path does not let anyone confirm a guessed address.
 * Two recipients of one email share a hash with a chance of about n&sup2;/2<sup>49</sup>: then
 * neither is named rather than the wrong one.
 */
public final class ReturnPaths {
    public static final String PREFIX = "bounces+";
    private static final byte VERSION = 1;
    private static final int ID_BYTES = 18;
    private static final int RECIPIENT_BYTES = 6;
    private static final int TAG_BYTES = 10;
    private static final int TOKEN_BYTES = 1 + ID_BYTES + RECIPIENT_BYTES + TAG_BYTES;
    private static final String ID_PREFIX = "msg_";
    private static final String BASE62 = Ids.BASE62;
    private static final int ID_DIGITS = 24;
    private static final BigInteger SIXTY_TWO = BigInteger.valueOf(62);
    private static final BigInteger ID_LIMIT = SIXTY_TWO.pow(ID_DIGITS);
    private static final Pattern ID = Pattern.compile("msg_[0-9A-Za-z]{24}");

    /** What a valid Return-Path names: the email, and the hash of the recipient (lower-case hex). */
    public record Token(String emailId, String recipientHash) {}

    private final SecretKeySpec key;
    private final String bounceDomain;

    /**
     * @param key at least 32 bytes, secret, the same on every node and kept across restarts (a
     *     bounce can come days later): e.g. a key derived for this purpose from the encryption secret
     * @param bounceDomain the domain after the {@code @} ({@code POSTJECT_BOUNCE_DOMAIN}), whose MX
     *     records lead to Postject's inbound listener
     */
    public ReturnPaths(byte[] key, String bounceDomain) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a Return-Path key has at least 32 bytes");
        }
        if (bounceDomain == null || bounceDomain.isBlank() || bounceDomain.contains("@")) {
            throw new IllegalArgumentException("the bounce domain is a domain name: " + bounceDomain);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.bounceDomain = bounceDomain.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The Return-Path of the message of email {@code emailId} to {@code recipient}.
     *
     * @throws IllegalArgumentException if {@code emailId} is not a Postject email id
     */
    public String address(String emailId, String recipient) {
        if (!ID.matcher(emailId).matches()) {
            throw new IllegalArgumentException("not an email id: " + emailId);
        }
        ByteBuffer token = ByteBuffer.allocate(TOKEN_BYTES)
                .put(VERSION)
                .put(idBytes(emailId))
                .put(recipientHash(recipient));
        token.put(tag(Arrays.copyOf(token.array(), TOKEN_BYTES - TAG_BYTES)));
        return PREFIX + Base32.encode(token.array()) + "@" + bounceDomain;
    }

    /**
     * What a Return-Path (an address, with or without angle brackets; any letter case) names, if
     * it is one of ours: at the bounce domain, well formed and correctly signed. Anything else,
     * forged, altered or made with another key, is empty.
     */
    public Optional<Token> parse(String address) {
        if (address == null || address.length() > 320) {
            return Optional.empty();
        }
        String bare = address.strip();
        if (bare.startsWith("<") && bare.endsWith(">")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        int at = bare.lastIndexOf('@');
        if (at < 0 || !bare.substring(at + 1).toLowerCase(Locale.ROOT).equals(bounceDomain)) {
            return Optional.empty();
        }
        String local = bare.substring(0, at);
        if (!local.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        Optional<byte[]> decoded = Base32.decode(local.substring(PREFIX.length()));
        if (decoded.isEmpty() || decoded.get().length != TOKEN_BYTES || decoded.get()[0] != VERSION) {
            return Optional.empty();
        }
        byte[] token = decoded.get();
        byte[] signed = Arrays.copyOf(token, TOKEN_BYTES - TAG_BYTES);
        byte[] tag = Arrays.copyOfRange(token, TOKEN_BYTES - TAG_BYTES, TOKEN_BYTES);
        if (!MessageDigest.isEqual(tag, tag(signed))) {
            return Optional.empty();
        }
        BigInteger id = new BigInteger(1, Arrays.copyOfRange(token, 1, 1 + ID_BYTES));
        if (id.compareTo(ID_LIMIT) >= 0) {
            return Optional.empty(); // signed by us, so never; but no id is made of a number too large
        }
        byte[] recipient = Arrays.copyOfRange(token, 1 + ID_BYTES, 1 + ID_BYTES + RECIPIENT_BYTES);
        return Optional.of(new Token(idText(id), HexFormat.of().formatHex(recipient)));
    }

    /** Whether {@code token} names {@code recipient} (its letter case aside). */
    public boolean names(Token token, String recipient) {
        return MessageDigest.isEqual(
                HexFormat.of().formatHex(recipientHash(recipient)).getBytes(StandardCharsets.US_ASCII),
                token.recipientHash().getBytes(StandardCharsets.US_ASCII));
    }

    /** The one recipient among an email's {@code recipients} that {@code token} names, if exactly one. */
    public Optional<String> recipientOf(Token token, Collection<String> recipients) {
        List<String> named = recipients.stream()
                .filter(r -> names(token, r))
                .map(r -> r.toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
        if (named.size() != 1) {
            return Optional.empty();
        }
        return recipients.stream().filter(r -> names(token, r)).findFirst();
    }

    private byte[] recipientHash(String recipient) {
        byte[] mac = mac("recipient\n" + recipient.strip().toLowerCase(Locale.ROOT));
        return Arrays.copyOf(mac, RECIPIENT_BYTES);
    }

    private byte[] tag(byte[] signed) {
        return Arrays.copyOf(mac("return-path\n" + HexFormat.of().formatHex(signed)), TAG_BYTES);
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] idBytes(String emailId) {
        BigInteger value = BigInteger.ZERO;
        for (char c : emailId.substring(ID_PREFIX.length()).toCharArray()) {
            value = value.multiply(SIXTY_TWO).add(BigInteger.valueOf(BASE62.indexOf(c)));
        }
        byte[] minimal = value.toByteArray(); // big-endian, maybe with a leading sign byte
        byte[] fixed = new byte[ID_BYTES];
        int length = Math.min(minimal.length, ID_BYTES);
        System.arraycopy(minimal, minimal.length - length, fixed, ID_BYTES - length, length);
        return fixed;
    }

    private static String idText(BigInteger value) {
        char[] digits = new char[ID_DIGITS];
        for (int i = ID_DIGITS - 1; i >= 0; i--) {
            BigInteger[] divided = value.divideAndRemainder(SIXTY_TWO);
            digits[i] = BASE62.charAt(divided[1].intValue());
            value = divided[0];
        }
        return ID_PREFIX + new String(digits);
    }
}
