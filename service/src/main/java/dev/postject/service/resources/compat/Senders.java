package dev.postject.service.resources.compat;

import dev.postject.service.auth.ApiRateLimits;
import dev.postject.service.auth.BearerAuthFilter;
import dev.postject.service.auth.Caller;
import dev.postject.service.auth.CallerLimits;
import dev.postject.service.auth.CredentialLookup;
import dev.postject.service.auth.ServerTokenSecrets;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.ledger.RequestContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Optional;

/**
 * Who sends through a dialect's endpoint, from the header that dialect uses, looked up as every
 * API key and server token is ({@link CredentialLookup}: malformed refused before any look-up,
 * revoked or expired refused) and recorded as the request's actor for the ledger.
 */
public final class Senders {
    private final CredentialLookup credentials;
    private final CallerLimits limits;

    public Senders(CredentialLookup credentials, CallerLimits limits) {
        this.credentials = credentials;
        this.limits = limits;
    }

    /**
     * Counts {@code emails} sends against the caller's quotas, as {@code POST /v1/emails} counts
     * them: all, or 429 and none (the dialect's filter translates it); the answer carries the
     * {@code RateLimit} headers.
     */
    void countSends(ContainerRequestContext request, Caller caller, int emails) {
        ApiRateLimits.countSends(request, limits, caller, emails);
    }

    /** Postmark's {@code X-Postmark-Server-Token}: a Postject server token, which may send. */
    Caller serverToken(String header) {
        if (header == null || header.isBlank()) {
            throw new Refusal.Unauthorized(
                    "missing_server_token",
                    "Missing server token: send a Postject server token (pt_srv_...) in the X-Postmark-Server-Token"
                            + " header.");
        }
        Optional<Caller> caller =
                header.startsWith(ServerTokenSecrets.PREFIX) ? credentials.bySecret(header) : Optional.empty();
        return authenticated(caller.orElseThrow(() -> new Refusal.Unauthorized(
                "invalid_server_token",
                "The X-Postmark-Server-Token header does not hold an active Postject server token (pt_srv_...).")));
    }

    /** Resend's {@code Authorization: Bearer ...}: a Postject API key (or server token), which may send. */
    Caller bearer(List<String> authorization) {
        if (authorization == null || authorization.isEmpty()) {
            throw new Refusal.Unauthorized(
                    "missing_api_key",
                    "Missing API key in the authorization header: send 'Authorization: Bearer <Postject API key>'.");
        }
        String credential = authorization.size() == 1 ? BearerAuthFilter.parse("Bearer", authorization.get(0)) : null;
        Optional<Caller> caller =
                CredentialLookup.isAccountSecret(credential) ? credentials.bySecret(credential) : Optional.empty();
        return authenticated(caller.orElseThrow(() -> new Refusal.Forbidden(
                "invalid_api_key",
                "API key is invalid: send one active Postject API key (pt_live_...) as 'Authorization: Bearer"
                        + " <key>'.")));
    }

    private static Caller authenticated(Caller caller) {
        RequestContext.authenticatedAs(caller.actor());
        return caller;
    }
}
