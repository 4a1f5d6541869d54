package dev.postject.projections.servertokens;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

/** One server token as the lookup model knows it. Never holds the token itself. */
public record ServerTokenView(
        @ColumnName("token_id") String id,
        @ColumnName("account_id") String accountId,
        String name,
        @ColumnName("token_hash") String tokenHash,
        String hint,
        @ColumnName("created_at") Instant createdAt,
        @ColumnName("expires_at") Instant expiresAt,
        @ColumnName("allowed_networks") List<String> allowedNetworks,
        @ColumnName("revoked_at") Instant revokedAt,
        @ColumnName("expired_at") Instant expiredAt,
        @ColumnName("last_used_at") Instant lastUsedAt) {

    public ServerTokenView {
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }

    /** Usable at {@code now}: not revoked, and not past its expiry (whether or not the sweep ran). */
    public boolean isActiveAt(Instant now) {
        return revokedAt == null && expiredAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
