package dev.postject.service.auth;

import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.ledger.RequestContext;
import io.dropwizard.auth.Authenticator;
import java.time.Clock;
import java.util.Optional;

/**
 * Resolves {@code Authorization: Bearer ...}: an API key ({@code pt_live_...}) or a server token
 * ({@code pt_srv_...}), looked up as {@link CredentialLookup} does, or else a dashboard JWT. What a
 * server token may then call is {@link ServerTokenScope}'s to say.
 */
public final class BearerAuthenticator implements Authenticator<String, Caller> {
    private final CredentialLookup secrets;
    private final DashboardTokens tokens;

    public BearerAuthenticator(ReadModelCaches caches, DashboardTokens tokens, KeyUsage usage, Clock clock) {
        this.secrets = new CredentialLookup(caches, usage, clock);
        this.tokens = tokens;
    }

    @Override
    public Optional<Caller> authenticate(String credentials) {
        Optional<Caller> caller = CredentialLookup.isAccountSecret(credentials)
                ? secrets.bySecret(credentials)
                : tokens.verify(credentials);
        caller.ifPresent(c -> RequestContext.authenticatedAs(c.actor()));
        return caller;
    }
}
