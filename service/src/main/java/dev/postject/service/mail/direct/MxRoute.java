package dev.postject.service.mail.direct;

import java.net.InetAddress;
import java.util.List;

/** Where a recipient domain's mail goes, or why it cannot go anywhere, now or ever. */
public sealed interface MxRoute {
    /**
     * The mail servers to try, in order, each with its addresses in the order to try them.
     *
     * @param skipped servers left out, each with why (no address, a lookup that failed, only
     *     private addresses), for the delivery's timeline
     */
    record Hosts(List<MxHost> hosts, List<String> skipped) implements MxRoute {
        public Hosts {
            hosts = List.copyOf(hosts);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * The domain takes no mail, ever: bounce at once.
     *
     * @param code the RFC 3463 status: {@code 5.1.2} no such domain, {@code 5.1.10} a null MX (RFC
     *     7505), {@code 5.4.4} no mail server with an address Postject may reach
     */
    record Permanent(String code, String reason) implements MxRoute {}

    /** DNS gave no answer to rely on (SERVFAIL, a timeout, a refusal): try again later. */
    record Temporary(String reason) implements MxRoute {}

    /**
     * One mail server: its name (what its certificate and an MTA-STS policy must match), its MX
     * preference (0 for a domain without MX records, which is its own mail server) and its
     * addresses, each carrying the name.
     */
    record MxHost(String name, int preference, List<InetAddress> addresses) {
        public MxHost {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("a mail server to try has an address: " + name);
            }
            addresses = List.copyOf(addresses);
        }
    }
}
