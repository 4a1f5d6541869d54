package dev.postject.projections.apikeys;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

/** One API key as the lookup model knows it. Never holds the key itself. */
public record ApiKeyView(
        @ColumnName("key_id") String id,
        @ColumnName("account_id") String accountId,
        String name,
        @ColumnName("key_hash") String keyHash,
        String hint,
        @ColumnName("created_at") Instant createdAt,
        @ColumnName("expires_at") Instant expiresAt,
        @ColumnName("revoked_at") Instant revokedAt,
        @ColumnName("expired_at") Instant expiredAt,
        @ColumnName("last_used_at") Instant lastUsedAt) {

    /** Usable at {@code now}: not revoked, and not past its expiry (whether or not the sweep ran). */
    public boolean isActiveAt(Instant now) {
        return revokedAt == null && expiredAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
