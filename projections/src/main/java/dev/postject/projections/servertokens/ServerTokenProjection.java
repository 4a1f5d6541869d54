package dev.postject.projections.servertokens;

import dev.postject.events.ServerTokenCreated;
import dev.postject.events.ServerTokenExpired;
import dev.postject.events.ServerTokenRevoked;
import dev.postject.projections.internal.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.jdbi.v3.core.Jdbi;

/**
 * The server token model the bearer filter and the SMTP listener read. Runs in the transaction
 * that appends the event, so a revoked token is gone from it by the time the revoking request
 * returns. Idempotent by position (see {@link Positions}).
 */
@ProcessingGroup(ServerTokenProjection.GROUP)
public final class ServerTokenProjection {
    public static final String GROUP = "servertokens";

    private final Jdbi jdbi;
    private final Positions positions;

    public ServerTokenProjection(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.positions = new Positions(jdbi, GROUP);
    }

    @EventHandler
    void on(ServerTokenCreated e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate("INSERT INTO rm_server_tokens (token_id, account_id, name, token_hash, hint,"
                                + " created_at, expires_at, allowed_networks) VALUES (:tokenId, :accountId, :name,"
                                + " :hash, :hint, :createdAt, :expiresAt, :networks) ON CONFLICT (token_id) DO NOTHING")
                        .bind("tokenId", e.tokenId().value())
                        .bind("accountId", e.accountId().value())
                        .bind("name", e.name())
                        .bind("hash", e.tokenHash())
                        .bind("hint", e.hint())
                        .bind("createdAt", e.createdAt())
                        .bind("expiresAt", e.expiresAt())
                        .bindArray("networks", String.class, e.allowedNetworks().toArray(String[]::new))
                        .execute());
    }

    @EventHandler
    void on(ServerTokenRevoked e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate("UPDATE rm_server_tokens SET revoked_at = coalesce(revoked_at, :at)"
                                + " WHERE token_id = :tokenId")
                        .bind("tokenId", e.tokenId().value())
                        .bind("at", e.revokedAt())
                        .execute());
    }

    @EventHandler
    void on(ServerTokenExpired e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate("UPDATE rm_server_tokens SET expired_at = coalesce(expired_at, :at)"
                                + " WHERE token_id = :tokenId")
                        .bind("tokenId", e.tokenId().value())
                        .bind("at", e.expiredAt())
                        .execute());
    }

    /** Clears the model for a replay (DELETE: readers see the old rows until the replay commits). */
    @ResetHandler
    public void reset() {
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM rm_server_tokens");
            positions.reset(h);
        });
    }
}
