package dev.postject.service.platform.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

/**
 * Where Postject is reached from outside; links in its emails start with it. The configured URL
 * ({@code POSTJECT_PUBLIC_URL}), or, when none is, {@code http://localhost:<port>} with the API
 * port actually bound, so that a changed (or random) port never sends links to the wrong place.
 */
public final class PublicUrl {
    private final String configured;
    private final String apiHost;
    private volatile String bound;

    /** {@code configured}: an absolute http(s) URL (see {@link #isValid}), or empty to follow the port. */
    public PublicUrl(String configured) {
        this(configured, null);
    }

    /**
     * {@code apiBindHost}: the address the API connector is configured to bind (null or empty: every
     * interface), the host of the URL that follows the port; known before the port is.
     */
    public PublicUrl(String configured, String apiBindHost) {
        this.configured = withoutTrailingSlash(configured == null ? "" : configured.strip());
        this.apiHost = apiBindHost == null || apiBindHost.isEmpty() ? "localhost" : apiBindHost;
    }

    /** Empty, or an absolute {@code http} / {@code https} URL with a host and no query or fragment. */
    public static boolean isValid(String url) {
        if (url == null || url.isBlank()) {
            return true;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Once the server has started: learns the API connector's port (a server lifecycle listener). */
    public void serverStarted(Server server) {
        ServerConnector api = null;
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector candidate
                    && (api == null || "application".equals(candidate.getName()))) {
                api = candidate;
            }
        }
        if (api != null) {
            String scheme = api.getConnectionFactory(SslConnectionFactory.class) != null ? "https" : "http";
            String host = api.getHost() == null || api.getHost().isEmpty() ? "localhost" : api.getHost();
            bound = scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + api.getLocalPort();
        }
    }

    /** The base URL, without a trailing slash. */
    public String get() {
        if (!configured.isEmpty()) {
            return configured;
        }
        String url = bound;
        if (url == null) {
            throw new IllegalStateException("The public URL follows the API port, which is not bound yet");
        }
        return url;
    }

    /**
     * The host of {@link #get}: a name, or an IP address (an IPv6 one without its brackets). Known
     * before the server has started, since only the port follows the server.
     */
    public String host() {
        if (configured.isEmpty()) {
            return apiHost;
        }
        String host = URI.create(configured).getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
