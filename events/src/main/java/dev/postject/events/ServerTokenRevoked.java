package dev.postject.events;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/** A server token was revoked from the dashboard; it stops working at once, an open SMTP session too. */
@Revision("1")
public record ServerTokenRevoked(AccountId accountId, ServerTokenId tokenId, Instant revokedAt)
        implements AccountEvent {
    public ServerTokenRevoked {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }
}
