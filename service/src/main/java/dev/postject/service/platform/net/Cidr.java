package dev.postject.service.platform.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IP network in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}), read strictly:
 * the prefix length is required; an IPv4 address is four decimal octets without leading zeros (so
 * {@code 010.0.0.0} cannot mean 8 to one reader and 10 to another); an IPv6 address is a literal
 * without a zone; the address is the network's own, with no host bits set; and an IPv4 network is
 * written as IPv4, never IPv4-mapped ({@code ::ffff:a.b.c.d}). {@link #toString} is the canonical
 * form (RFC 5952 for IPv6). A client connecting over IPv6 from an IPv4-mapped address is matched as
 * the IPv4 address it is.
 */
public final class Cidr {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");

    private final byte[] network;
    private final int prefix;

    /** Why a text is not a network Postject accepts; the message says so in words, naming the text. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message, null);
        }
    }

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    public static Cidr parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new Invalid("A network is written address/prefix-length, e.g. 203.0.113.0/24.");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new Invalid("'" + text + "' has no prefix length: write " + text + "/32 (IPv4) or " + text
                    + "/128 (IPv6) for one address, or the network, e.g. 203.0.113.0/24.");
        }
        String address = text.substring(0, slash);
        String length = text.substring(slash + 1);
        byte[] bytes = address(text, address);
        int bits = bytes.length * 8;
        if (!PREFIX.matcher(length).matches() || Integer.parseInt(length) > bits) {
            throw new Invalid("'" + text + "' has an invalid prefix length: 0 to " + bits + ".");
        }
        Cidr cidr = new Cidr(bytes, Integer.parseInt(length));
        byte[] masked = cidr.masked(bytes);
        if (!Arrays.equals(masked, bytes)) {
            throw new Invalid(
                    "'" + text + "' has host bits set: the network is " + new Cidr(masked, cidr.prefix) + ".");
        }
        return cidr;
    }

    private static byte[] address(String text, String address) {
        if (IPV4.matcher(address).matches()) {
            byte[] bytes = new byte[4];
            String[] octets = address.split("\\.");
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(octets[i]);
            }
            return bytes;
        }
        if (address.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(address).matches()) {
            InetAddress parsed;
            try {
                parsed = InetAddress.getByName(address); // an IPv6 literal: never a DNS look-up
            } catch (UnknownHostException e) {
                throw new Invalid("'" + text + "' is not a network: '" + address + "' is no IPv6 address.");
            }
            if (parsed instanceof Inet4Address) {
                throw new Invalid("'" + text + "' is an IPv4-mapped IPv6 network: write it as IPv4, e.g. "
                        + parsed.getHostAddress() + "/32.");
            }
            return parsed.getAddress();
        }
        throw new Invalid("'" + text + "' is not a network: write an IPv4 address (four decimal numbers, no"
                + " leading zeros) or an IPv6 address, then /prefix-length.");
    }

    /** The prefix length: how many leading bits name the network. */
    public int prefix() {
        return prefix;
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    /** Whether {@code address} lies in this network; an IPv4-mapped IPv6 address counts as its IPv4 address. */
    public boolean contains(InetAddress address) {
        byte[] bytes = unmapped(address);
        return bytes.length == network.length && Arrays.equals(masked(bytes), network);
    }

    /** The address's bytes: 4 for IPv4, also when it came as an IPv4-mapped IPv6 address; else 16. */
    static byte[] unmapped(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isMapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isMapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private byte[] masked(byte[] bytes) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    /** The canonical form: dotted decimal for IPv4, RFC 5952 for IPv6 (lower case, the longest zero run as ::). */
    @Override
    public String toString() {
        return (isIpv4() ? ipv4(network) : ipv6(network)) + "/" + prefix;
    }

    private static String ipv4(byte[] bytes) {
        return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
    }

    private static String ipv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened (RFC 5952 section 4.2.2)
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefix == that.prefix && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }
}
