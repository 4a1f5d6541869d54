package dev.postject.service.webhooks;

import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.net.Dns;
import dev.postject.service.platform.net.SpecialAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where webhooks may go: {@code http(s)} URLs whose host resolves only to globally reachable
 * addresses ({@link SpecialAddresses}) that are not the host Postject runs on. A host name is
 * resolved once, through the service's {@link Dns}, every address it has is judged, and a send
 * then connects to exactly those addresses ({@link Target}): a name cannot be checked as one
 * address and reached as another. Judged when an endpoint is saved and again before every send (a
 * name may be pointed elsewhere in between), unless private targets are allowed (local
 * development, tests).
 */
public final class WebhookUrls {
    static final String ALLOW_PRIVATE_HINT =
            "For local development only, POSTJECT_WEBHOOKS_ALLOW_PRIVATE=true allows private and loopback targets.";

    private final Dns dns;
    private final Supplier<? extends Collection<InetAddress>> hostAddresses;
    private final boolean allowPrivate;

    /**
     * The addresses a host name stands for, each one checked, to connect to instead of resolving the
     * name again; or why there may be none.
     */
    public record Target(List<InetAddress> addresses, String refusal) {
        static Target refused(String refusal) {
            return new Target(List.of(), refusal);
        }
    }

    public WebhookUrls(Dns dns, boolean allowPrivate) {
        this(dns, WebhookUrls::interfaceAddresses, allowPrivate);
    }

    /** With the host's own addresses read from {@code hostAddresses} at every check. */
    WebhookUrls(Dns dns, Supplier<? extends Collection<InetAddress>> hostAddresses, boolean allowPrivate) {
        this.dns = dns;
        this.hostAddresses = hostAddresses;
        this.allowPrivate = allowPrivate;
    }

    /** The URL, checked, or a 422 naming {@code url}. */
    public String check(String raw) {
        String url = raw == null ? "" : raw.strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("'url' is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid("'url' must be an http or https URL.");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("'url' must name a host.");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("'url' must not carry credentials: verify the signature instead.");
        }
        if (url.length() > 2000) {
            throw invalid("'url' may be at most 2000 characters.");
        }
        Target target = resolve(uri.getHost());
        if (target.refusal() != null) {
            throw invalid(target.refusal());
        }
        return url;
    }

    /** Resolves a URL's host once and judges every address it has. */
    public Target resolve(String host) {
        List<byte[]> found;
        boolean literal = SpecialAddresses.looksLikeLiteral(host);
        if (literal) {
            Optional<byte[]> address = SpecialAddresses.literal(host);
            if (address.isEmpty()) {
                return Target.refused("'url' host " + host
                        + " is not a plain IP address (no leading zeros, short forms or zones) nor a host name.");
            }
            found = List.of(address.get());
        } else {
            try {
                found = dns.addresses(host);
            } catch (IOException e) {
                return Target.refused("'url' host " + host + " could not be resolved now: " + e.getMessage());
            }
            if (found.isEmpty()) {
                return Target.refused("'url' host " + host + " does not resolve.");
            }
        }
        List<InetAddress> addresses = new ArrayList<>();
        Collection<InetAddress> own = allowPrivate ? List.of() : hostAddresses.get();
        for (byte[] address : found) {
            if (!allowPrivate) {
                String why = whyNotPublic(address, own);
                if (why != null) {
                    String what = (literal ? "" : host + " resolves to ") + SpecialAddresses.text(address);
                    return Target.refused(
                            "'url' must reach a public address; " + what + ", " + why + ". " + ALLOW_PRIVATE_HINT);
                }
            }
            addresses.add(inet(address));
        }
        return new Target(List.copyOf(addresses), null);
    }

    /** Why an address must not be a webhook's target, or null when it may. */
    private static String whyNotPublic(byte[] address, Collection<InetAddress> hostAddresses) {
        Optional<String> block = SpecialAddresses.blockOf(address);
        if (block.isPresent()) {
            return "which is in " + block.get();
        }
        for (InetAddress own : hostAddresses) {
            if (Arrays.equals(own.getAddress(), address)) {
                return "an address of the host Postject runs on";
            }
        }
        return null;
    }

    /**
     * Every address of every network interface of this host, read afresh: interfaces come and go
     * (DHCP, VPNs, containers), and reading them takes some 50 microseconds, nothing next to a send.
     */
    static List<InetAddress> interfaceAddresses() {
        try {
            List<InetAddress> addresses = new ArrayList<>();
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(nic.getInetAddresses()));
            }
            return addresses;
        } catch (SocketException e) {
            throw new UncheckedIOException("Cannot list this host's network interfaces", e);
        }
    }

    private static InetAddress inet(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Refusal invalid(String message) {
        return new Refusal.Invalid("invalid_url", message, "url");
    }
}
