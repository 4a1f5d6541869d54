package dev.postject.service.auth;

import dev.postject.service.platform.errors.Refusal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.security.Principal;

/**
 * Puts a guard on every resource method not marked {@link ServerTokenScope}: once the bearer
 * filter has authenticated the request, a server token or a sending-access API key gets 403 {@code
 * insufficient_scope} there.
 */
public final class ServerTokenScopeFeature implements DynamicFeature {
    private static final DenySendingCredentials DENY = new DenySendingCredentials();

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        if (!resource.getResourceMethod().isAnnotationPresent(ServerTokenScope.class)) {
            context.register(DENY);
        }
    }

    @Priority(Priorities.AUTHORIZATION)
    static final class DenySendingCredentials implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            Principal principal = request.getSecurityContext().getUserPrincipal();
            if (principal instanceof Caller caller && caller.isServerToken()) {
                throw new Refusal.Forbidden(
                        "insufficient_scope",
                        "A server token may only send emails (POST /v1/emails, POST /v1/emails/batch) and read the"
                                + " ones it sent; use an API key or a dashboard token for this endpoint.");
            }
            if (principal instanceof Caller caller && caller.sendingAccess()) {
                throw new Refusal.Forbidden(
                        "insufficient_scope",
                        "This API key has sending access: it may only send emails (POST /v1/emails, POST"
                                + " /v1/emails/batch) and read the ones it sent; use a full-access API key or a"
                                + " dashboard token for this endpoint.");
            }
        }
    }
}
