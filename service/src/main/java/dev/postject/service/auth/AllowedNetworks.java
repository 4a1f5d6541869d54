package dev.postject.service.auth;

import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.net.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A server token's {@code allowedNetworks}: the networks whose SMTP clients may submit as the token
 * without authenticating. Each entry is a strict CIDR network ({@link Cidr}: prefix length
 * required, no host bits set, IPv4 written as IPv4), no wider than {@value #WIDEST_IPV4} bits for
 * IPv4 or {@value #WIDEST_IPV6} for IPv6 (every host in the network sends as the account), each
 * listed once, at most {@value #MAX} of them. A refusal is 422 {@code invalid_network} naming the
 * entry.
 */
public final class AllowedNetworks {
    static final int MAX = 20;
    static final int WIDEST_IPV4 = 8;
    static final int WIDEST_IPV6 = 32;
    static final String FIELD = "allowedNetworks";
    /** Longer than any network's text (an IPv6 one with an IPv4 tail and a prefix is 49 characters). */
    static final int LONGEST = 64;

    private AllowedNetworks() {}

    /** The networks, checked, in their canonical form and their given order; none for null. */
    public static List<String> canonical(List<String> networks) {
        if (networks == null) {
            return List.of();
        }
        if (networks.size() > MAX) {
            throw invalid("A server token allows at most " + MAX + " networks.");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < networks.size(); i++) {
            String entry = FIELD + "[" + i + "]";
            String text = networks.get(i);
            if (text != null && text.length() > LONGEST) {
                throw invalid(entry + " is too long to be a network (" + text.length() + " characters).");
            }
            Cidr cidr;
            try {
                cidr = Cidr.parse(text);
            } catch (Cidr.Invalid e) {
                throw invalid(entry + ": " + e.getMessage());
            }
            int widest = cidr.isIpv4() ? WIDEST_IPV4 : WIDEST_IPV6;
            if (cidr.prefix() < widest) {
                throw invalid(
                        entry + ": '" + text + "' is wider than a /" + widest + " (" + (cidr.isIpv4() ? "IPv4" : "IPv6")
                                + "): every host in an allowed network sends as this account without a password, so list"
                                + " only your own servers' networks.");
            }
            if (!seen.add(cidr.toString())) {
                throw invalid(entry + ": '" + text + "' is listed twice (as " + cidr + ").");
            }
        }
        return List.copyOf(new ArrayList<>(seen));
    }

    private static Refusal invalid(String message) {
        return new Refusal.Invalid("invalid_network", message, FIELD);
    }
}
