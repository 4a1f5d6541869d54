package dev.postject.service.platform.http;

import dev.postject.service.platform.ledger.RequestContext;
import dev.postject.service.platform.text.Ids;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import java.util.regex.Pattern;

/**
 * Gives every request an id (the client's {@code X-Request-Id} when it is sane, else a new one),
 * notes the client address for the audit trail, and echoes the id in the response.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestContextFilter implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String HEADER = "X-Request-Id";
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Context
    private HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String requestId = given != null && SANE_ID.matcher(given).matches() ? given : Ids.newRequestId();
        RequestContext.begin(requestId, servletRequest == null ? null : servletRequest.getRemoteAddr());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String requestId = RequestContext.currentRequestId();
        if (requestId != null) {
            response.getHeaders().putSingle(HEADER, requestId);
        }
        RequestContext.end();
    }
}
