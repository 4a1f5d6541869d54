package dev.postject.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * A server token was issued: a sending-only credential for SMTP submission and the send endpoints.
 * As with API keys, only its SHA-256 and a hint are recorded, never the token. {@code expiresAt}
 * is null for a token that does not expire; {@code allowedNetworks} are the CIDR networks whose
 * clients may submit over SMTP as this token without authenticating (canonical, possibly empty).
 */
@Revision("1")
public record ServerTokenCreated(
        AccountId accountId,
        ServerTokenId tokenId,
        String name,
        @Redacted String tokenHash,
        String hint,
        Instant createdAt,
        Instant expiresAt,
        List<String> allowedNetworks)
        implements AccountEvent {
    public ServerTokenCreated {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(allowedNetworks, "allowedNetworks");
        allowedNetworks = List.copyOf(allowedNetworks);
    }
}
