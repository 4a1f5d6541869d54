package dev.postject.projections.apikeys;

import dev.postject.events.ApiKeyCreated;
import dev.postject.events.ApiKeyExpired;
import dev.postject.events.ApiKeyRevoked;
import dev.postject.projections.internal.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.jdbi.v3.core.Jdbi;

/**
 * The key lookup model the auth filter reads. Runs in the transaction that appends the event, so a
 * revoked key is gone from it by the time the revoking request returns. Idempotent by position
 * (see {@link Positions}).
 */
@ProcessingGroup(ApiKeyProjection.GROUP)
public final class ApiKeyProjection {
    public static final String GROUP = "apikeys";

    private final Jdbi jdbi;
    private final Positions positions;

    public ApiKeyProjection(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.positions = new Positions(jdbi, GROUP);
    }

    @EventHandler
    void on(ApiKeyCreated e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate(
                                "INSERT INTO rm_api_keys (key_id, account_id, name, key_hash, hint, created_at, expires_at,"
                                        + " permission, domain_id, domain)"
                                        + " VALUES (:keyId, :accountId, :name, :hash, :hint, :createdAt, :expiresAt,"
                                        + " :permission, :domainId, :domain)"
                                        + " ON CONFLICT (key_id) DO NOTHING")
                        .bind("keyId", e.keyId().value())
                        .bind("accountId", e.accountId().value())
                        .bind("name", e.name())
                        .bind("hash", e.keyHash())
                        .bind("hint", e.hint())
                        .bind("createdAt", e.createdAt())
                        .bind("expiresAt", e.expiresAt())
                        .bind("permission", e.permission())
                        .bind(
                                "domainId",
                                e.domainId() == null ? null : e.domainId().value())
                        .bind("domain", e.domain())
                        .execute());
    }

    @EventHandler
    void on(ApiKeyRevoked e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate(
                                "UPDATE rm_api_keys SET revoked_at = coalesce(revoked_at, :at) WHERE key_id = :keyId")
                        .bind("keyId", e.keyId().value())
                        .bind("at", e.revokedAt())
                        .execute());
    }

    @EventHandler
    void on(ApiKeyExpired e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate(
                                "UPDATE rm_api_keys SET expired_at = coalesce(expired_at, :at) WHERE key_id = :keyId")
                        .bind("keyId", e.keyId().value())
                        .bind("at", e.expiredAt())
                        .execute());
    }

    /**
     * Clears the model for a replay. DELETE rather than TRUNCATE: inside the replay's transaction,
     * readers (the auth filter) keep seeing the old rows until the rebuilt ones commit.
     */
    @ResetHandler
    public void reset() {
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM rm_api_keys");
            positions.reset(h);
        });
    }
}
