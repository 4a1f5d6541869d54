package dev.postject.service.platform.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;

/**
 * The security headers of every answer, in one place: {@code X-Content-Type-Options: nosniff}
 * always; HTML pages (the dashboard, the sandbox confirmation page, anything else) a strict
 * Content-Security-Policy that allows only Postject's own files, nothing inline, no framing, and
 * no referrer (their URLs can hold single-use tokens); everything else a policy that loads
 * nothing. Applied to every Jersey answer as a response filter and by {@link JsonErrorHandler}.
 */
public final class SecurityHeaders implements ContainerResponseFilter {
    /** For HTML pages: Postject's own scripts, styles and images only; forms post back only here. */
    public static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /** For everything else: as a document, it may load and run nothing. */
    public static final String DATA_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private static final Map<String, String> PAGE = headers(true);
    private static final Map<String, String> DATA = headers(false);

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        boolean html = type != null && type.isCompatible(MediaType.TEXT_HTML_TYPE);
        MultivaluedMap<String, Object> headers = response.getHeaders();
        (html ? PAGE : DATA).forEach(headers::putSingle);
    }

    /** The same headers on an answer Jetty writes itself. */
    public static void addTo(HttpFields.Mutable fields, boolean html) {
        (html ? PAGE : DATA).forEach(fields::put);
    }

    private static Map<String, String> headers(boolean html) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", html ? PAGE_POLICY : DATA_POLICY);
        if (html) {
            headers.put("Referrer-Policy", "no-referrer");
        }
        return Map.copyOf(headers);
    }
}
