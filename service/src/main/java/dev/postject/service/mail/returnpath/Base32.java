package dev.postject.service.mail.returnpath;

import java.util.Optional;

/**
 * RFC 4648 base32 in lower case, for byte strings whose length is a multiple of 5 (so no padding):
 * letters and digits only, and one letter case, so a receiver that changes the case of a local part
 * does not change what it says.
 */
final class Base32 {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private Base32() {}

    static String encode(byte[] bytes) {
        if (bytes.length % 5 != 0) {
            throw new IllegalArgumentException("base32 without padding needs a multiple of 5 bytes");
        }
        StringBuilder out = new StringBuilder(bytes.length * 8 / 5);
        for (int i = 0; i < bytes.length; i += 5) {
            long group = 0;
            for (int j = 0; j < 5; j++) {
                group = (group << 8) | (bytes[i + j] & 0xff);
            }
            for (int shift = 35; shift >= 0; shift -= 5) {
                out.append(ALPHABET.charAt((int) (group >>> shift) & 31));
            }
        }
        return out.toString();
    }

    /** The bytes of {@code text} (either case), if it is base32 of a multiple of 5 bytes. */
    static Optional<byte[]> decode(String text) {
        if (text.length() % 8 != 0) {
            return Optional.empty();
        }
        byte[] out = new byte[text.length() / 8 * 5];
        for (int i = 0, o = 0; i < text.length(); i += 8, o += 5) {
            long group = 0;
            for (int j = 0; j < 8; j++) {
                char c = text.charAt(i + j);
                int value = ALPHABET.indexOf(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); // ASCII case only
                if (value < 0) {
                    return Optional.empty();
                }
                group = (group << 5) | value;
            }
            for (int j = 4; j >= 0; j--) {
                out[o + j] = (byte) group;
                group >>>= 8;
            }
        }
        return Optional.of(out);
    }
}
