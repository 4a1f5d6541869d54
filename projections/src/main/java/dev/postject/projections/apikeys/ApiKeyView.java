package dev.postject.projections.apikeys;

import dev.postject.events.ApiKeyCreated;
import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

/**
 * One API key as the lookup model knows it, with what it may do (its {@code permission}, and for a
 * sending key limited to one domain that domain's id and name), so that authenticating a request
 * is one look-up. Never holds the key itself.
 */
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
        @ColumnName("last_used_at") Instant lastUsedAt,
        String permission,
        @ColumnName("domain_id") String domainId,
        String domain) {
    /** Whether the key may only send (and read what it sent). */
    public boolean sendingOnly() {
        return ApiKeyCreated.SENDING_ACCESS.equals(permission);
    }

    /** Usable at {@code now}: not revoked, and not past its expiry (whether or not the sweep ran). */
    public boolean isActiveAt(Instant now) {
        return revokedAt == null && expiredAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
