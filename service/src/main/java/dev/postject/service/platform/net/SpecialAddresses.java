package dev.postject.service.platform.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which IP addresses are globally reachable unicast addresses, after IANA's special-purpose
 * address registries (iana-ipv4-special-registry, iana-ipv6-special-registry) and the multicast
 * and reserved space of both families. An IPv6 address must lie in global unicast space
 * (2000::/3) and outside every special-purpose block there; an IPv4 address outside every block
 * listed. IPv6 forms that carry an IPv4 address (IPv4-mapped and -compatible, NAT64, 6to4,
 * Teredo) are refused outright rather than judged by the address inside: what they reach depends
 * on gateways and relays along the way. Whole IETF protocol-assignment blocks are refused, the few
 * anycast services inside them included: no webhook lives there.
 */
public final class SpecialAddresses {
    private record Block(byte[] prefix, int bits, String text, String name) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit += 8) {
                int mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
                if (((address[bit / 8] ^ prefix[bit / 8]) & mask) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final Pattern IPV4_LITERAL = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    /** What URL parsers read as an IPv4 number (WHATWG: the last label is numeric). */
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(^|.*\\.)([0-9]+|0[xX][0-9a-fA-F]*)\\.?");

    private static final List<Block> IPV4 = List.of(
            block("0.0.0.0/8", "\"this network\", 0.0.0.0 unspecified"),
            block("10.0.0.0/8", "private use"),
            block("100.64.0.0/10", "shared address space, CGNAT"),
            block("127.0.0.0/8", "loopback"),
            block("169.254.0.0/16", "link-local, cloud metadata"),
            block("172.16.0.0/12", "private use"),
            block("192.0.0.0/24", "IETF protocol assignments"),
            block("192.0.2.0/24", "documentation, TEST-NET-1"),
            block("192.88.99.0/24", "6to4 relay anycast, deprecated"),
            block("192.168.0.0/16", "private use"),
            block("198.18.0.0/15", "benchmarking"),
            block("198.51.100.0/24", "documentation, TEST-NET-2"),
            block("203.0.113.0/24", "documentation, TEST-NET-3"),
            block("224.0.0.0/4", "multicast"),
            block("255.255.255.255/32", "limited broadcast"),
            block("240.0.0.0/4", "reserved"));

    private static final List<Block> IPV6 = List.of(
            block("::/128", "unspecified"),
            block("::1/128", "loopback"),
            block("::ffff:0:0/96", "IPv4-mapped"),
            block("::/96", "IPv4-compatible, deprecated"),
            block("64:ff9b::/96", "NAT64 IPv4-IPv6 translation"),
            block("64:ff9b:1::/48", "local-use NAT64 translation"),
            block("100::/64", "discard-only"),
            block("2001::/32", "Teredo"),
            block("2001:2::/48", "benchmarking"),
            block("2001::/23", "IETF protocol assignments"),
            block("2001:db8::/32", "documentation"),
            block("2002::/16", "6to4"),
            block("3fff::/20", "documentation"),
            block("5f00::/16", "segment routing SIDs"),
            block("fc00::/7", "unique local"),
            block("fe80::/10", "link-local"),
            block("fec0::/10", "site-local, deprecated"),
            block("ff00::/8", "multicast"));

    private static final Block GLOBAL_UNICAST = block("2000::/3", "global unicast");

    private SpecialAddresses() {}

    /**
     * The special-purpose block an address (4 or 16 bytes) lies in, as {@code "192.0.2.0/24
     * (documentation, TEST-NET-1)"}; empty for a globally reachable unicast address.
     */
    public static Optional<String> blockOf(byte[] address) {
        List<Block> blocks = address.length == 4 ? IPV4 : IPV6;
        for (Block block : blocks) {
            if (block.contains(address)) {
                return Optional.of(block.text() + " (" + block.name() + ")");
            }
        }
        if (address.length == 16 && !GLOBAL_UNICAST.contains(address)) {
            return Optional.of("outside global unicast space 2000::/3");
        }
        return Optional.empty();
    }

    /** Whether a host name is, or would be read by some URL parser as, an IP address literal. */
    public static boolean looksLikeLiteral(String host) {
        return host.startsWith("[")
                || host.contains(":")
                || NUMERIC_LAST_LABEL.matcher(host).matches();
    }

    /**
     * The bytes of an IP literal exactly as written: a dotted quad without leading zeros, or an
     * IPv6 address (brackets optional) without a zone; {@code ::ffff:a.b.c.d} stays 16 bytes.
     * Empty for anything else, such as {@code 0177.0.0.1} or {@code 127.1}, which parsers read
     * differently.
     */
    public static Optional<byte[]> literal(String host) {
        String text = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (IPV4_LITERAL.matcher(text).matches()) {
            return Optional.of(parse(text).getAddress());
        }
        if (!text.contains(":") || text.contains("%") || !text.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            InetAddress address = parse(text);
            return Optional.of(address instanceof Inet4Address ? mapped(address.getAddress()) : address.getAddress());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** An address (4 or 16 bytes) as text; an IPv4-mapped one as {@code ::ffff:a.b.c.d}. */
    public static String text(byte[] address) {
        try {
            InetAddress parsed = InetAddress.getByAddress(address);
            return address.length == 16 && parsed instanceof Inet4Address
                    ? "::ffff:" + parsed.getHostAddress()
                    : parsed.getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address.length + " bytes", e);
        }
    }

    private static InetAddress parse(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + literal, e);
        }
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] address = new byte[16];
        address[10] = (byte) 0xff;
        address[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, address, 12, 4);
        return address;
    }

    private static Block block(String cidr, String name) {
        int slash = cidr.indexOf('/');
        byte[] prefix = literal(cidr.substring(0, slash)).orElseThrow();
        return new Block(prefix, Integer.parseInt(cidr.substring(slash + 1)), cidr, name);
    }
}
