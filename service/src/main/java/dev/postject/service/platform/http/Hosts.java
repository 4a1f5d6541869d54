package dev.postject.service.platform.http;

import java.math.BigInteger;
import java.net.IDN;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Host names as browsers read them (the WHATWG URL standard's host parser, the parts links need). */
final class Hosts {
    private static final Pattern LABEL_SEPARATORS = Pattern.compile("[.\u3002\uFF0E\uFF61]");
    private static final BigInteger BYTE = BigInteger.valueOf(256);

    private Hosts() {}

    /**
     * A domain in ASCII: lower case, international labels in punycode (IDNA). The JDK's IDNA
     * follows IDNA2003, which would map the characters IDNA2008 keeps ({@code ß}, final sigma,
     * the zero-width joiners) to others, and so name another domain than a browser visits: labels
     * with those are encoded as they are. Null when the name is not a valid IDN.
     */
    static String domainToAscii(String domain) {
        if (domain.chars().allMatch(c -> c < 0x80)) {
            return domain.toLowerCase(Locale.ROOT);
        }
        List<String> labels = new ArrayList<>();
        for (String label : LABEL_SEPARATORS.split(domain, -1)) {
            if (label.chars().allMatch(c -> c < 0x80)) {
                labels.add(label.toLowerCase(Locale.ROOT));
            } else if (label.chars().anyMatch(c -> c == 0xDF || c == 0x3C2 || c == 0x200C || c == 0x200D)) {
                String mapped = Normalizer.normalize(
                        Normalizer.normalize(label, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT),
                        Normalizer.Form.NFC);
                labels.add("xn--" + punycode(mapped));
            } else {
                try {
                    labels.add(IDN.toASCII(label, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return String.join(".", labels);
    }

    /**
     * The dotted-quad form of a host that is an IPv4 address in any form browsers accept
     * ({@code 0x7f.1}, {@code 2130706433}, {@code 0177.0.0.1}); null when the host is a domain
     * name, empty when it looks like an address but is not a valid one.
     */
    static String ipv4(String host) {
        List<String> parts = new ArrayList<>(List.of(host.split("\\.", -1)));
        if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        String last = parts.get(parts.size() - 1);
        boolean endsInNumber =
                (!last.isEmpty() && last.chars().allMatch(Character::isDigit)) || last.matches("0[xX][0-9A-Fa-f]*");
        if (!endsInNumber) {
            return null;
        }
        if (parts.size() > 4) {
            return "";
        }
        BigInteger address = BigInteger.ZERO;
        for (int i = 0; i < parts.size(); i++) {
            BigInteger value = number(parts.get(i));
            boolean lastPart = i == parts.size() - 1;
            BigInteger limit = lastPart ? BYTE.pow(5 - parts.size()) : BYTE;
            if (value == null || value.compareTo(limit) >= 0) {
                return "";
            }
            address = lastPart ? address.add(value) : address.add(value.multiply(BYTE.pow(3 - i)));
        }
        long bits = address.longValue();
        return ((bits >> 24) & 0xff) + "." + ((bits >> 16) & 0xff) + "." + ((bits >> 8) & 0xff) + "." + (bits & 0xff);
    }

    private static BigInteger number(String part) {
        try {
            if (part.startsWith("0x") || part.startsWith("0X")) {
                return part.length() == 2 ? BigInteger.ZERO : new BigInteger(part.substring(2), 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return new BigInteger(part.substring(1), 8);
            }
            return part.isEmpty() || part.startsWith("-") || part.startsWith("+") ? null : new BigInteger(part);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** RFC 3492's encoding of one label (without the {@code xn--} prefix). */
    static String punycode(String label) {
        int[] codePoints = label.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int c : codePoints) {
            if (c < 0x80) {
                out.append((char) c);
            }
        }
        int basic = out.length();
        int handled = basic;
        if (basic > 0) {
            out.append('-');
        }
        int n = 0x80;
        long delta = 0;
        int bias = 72;
        while (handled < codePoints.length) {
            int next = Integer.MAX_VALUE;
            for (int c : codePoints) {
                if (c >= n && c < next) {
                    next = c;
                }
            }
            delta += (long) (next - n) * (handled + 1);
            n = next;
            for (int c : codePoints) {
                if (c < n) {
                    delta++;
                } else if (c == n) {
                    long q = delta;
                    for (int k = 36; ; k += 36) {
                        int t = k <= bias ? 1 : Math.min(k - bias, 26);
                        if (q < t) {
                            break;
                        }
                        out.append(digit((int) (t + (q - t) % (36 - t))));
                        q = (q - t) / (36 - t);
                    }
                    out.append(digit((int) q));
                    bias = adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }
            delta++;
            n++;
        }
        return out.toString();
    }

    private static int adapt(long delta, int points, boolean first) {
        delta = first ? delta / 700 : delta / 2;
        delta += delta / points;
        int k = 0;
        while (delta > (35 * 26) / 2) {
            delta /= 35;
            k += 36;
        }
        return (int) (k + (36 * delta) / (delta + 38));
    }

    private static char digit(int d) {
        return (char) (d < 26 ? 'a' + d : '0' + d - 26);
    }
}
