package dev.postject.service.auth;

import dev.postject.service.platform.errors.ApiError;
import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Credentials come from exactly one {@code Authorization: Bearer <credential>} header and nowhere
 * else. Unlike Dropwizard's OAuth filter it never reads the {@code access_token} query parameter
 * (RFC 6750 section 2.3): a URL ends up in logs, browser histories and {@code Referer} headers,
 * so a request that carries one is refused with 400 {@code credentials_in_url}, even beside a
 * valid header, and the caller learns to stop. The scheme is case-insensitive (RFC 9110); the
 * credential is taken byte for byte, with one space after the scheme and the token68 alphabet.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerAuthFilter extends AuthFilter<String, Caller> {
    static final String QUERY_PARAMETER = "access_token";
    private static final Pattern CREDENTIAL = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    private BearerAuthFilter() {}

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getUriInfo().getQueryParameters().keySet().stream()
                .anyMatch(name -> name.toLowerCase(Locale.ROOT).equals(QUERY_PARAMETER))) {
            throw new WebApplicationException(ApiError.response(
                    400,
                    "credentials_in_url",
                    "Credentials are accepted only in the 'Authorization: Bearer ...' header, never in the URL."
                            + " Remove access_token from the URL, and replace that credential: URLs end up in logs."));
        }
        if (!authenticate(request, credentials(request.getHeaders().get(HttpHeaders.AUTHORIZATION)), "Bearer")) {
            throw unauthorizedHandler.buildException(prefix, realm);
        }
    }

    /** The credential of a single well-formed {@code Bearer} header, else null. */
    private String credentials(List<String> headers) {
        if (headers == null || headers.size() != 1) {
            return null;
        }
        return parse(prefix, headers.get(0));
    }

    /** The credential of one {@code <scheme> <credential>} header value, else null. */
    public static String parse(String scheme, String header) {
        if (header == null
                || header.length() <= scheme.length() + 1
                || !header.regionMatches(true, 0, scheme, 0, scheme.length())
                || header.charAt(scheme.length()) != ' ') {
            return null;
        }
        String credential = header.substring(scheme.length() + 1);
        return CREDENTIAL.matcher(credential).matches() ? credential : null;
    }

    /** Builds the filter; set the authenticator, {@code Bearer} prefix, realm and unauthorized handler. */
    public static final class Builder extends AuthFilterBuilder<String, Caller, BearerAuthFilter> {
        @Override
        protected BearerAuthFilter newInstance() {
            return new BearerAuthFilter();
        }
    }
}
