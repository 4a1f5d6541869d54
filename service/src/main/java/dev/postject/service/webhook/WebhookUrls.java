package dev.postject.service.webhook;

import dev.postject.service.errors.DomainException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where webhooks may go: {@code http(s)} URLs whose host resolves only to public addresses.
 * Loopback, private, shared (CGNAT), link-local (cloud metadata), unique-local, multicast and
 * unspecified addresses are refused, at creation and again before every send (a name may be
 * pointed elsewhere in between), unless private targets are allowed (local development, tests).
 */
public final class WebhookUrls {
    private final boolean allowPrivate;

    public WebhookUrls(boolean allowPrivate) {
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
        String refusal = refusal(uri.getHost());
        if (refusal != null) {
            throw invalid(refusal);
        }
        return url;
    }

    /** Why a send to this host must not happen now, or null when it may. */
    public String refusal(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return "'url' host " + host + " does not resolve.";
        }
        if (allowPrivate) {
            return null;
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return "'url' must reach a public address; " + host + " resolves to " + address.getHostAddress() + ".";
            }
        }
        return null;
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // shared address space (CGNAT)
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc; // unique local fc00::/7 (e.g. fd00:ec2::254, a metadata service)
        }
        return false;
    }

    private static DomainException invalid(String message) {
        return new DomainException.Invalid("invalid_url", message, "url");
    }
}
