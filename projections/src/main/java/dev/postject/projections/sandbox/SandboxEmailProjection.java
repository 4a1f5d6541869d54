package dev.postject.projections.sandbox;

import dev.postject.events.SandboxConfirmationSent;
import dev.postject.events.SandboxEmailAdded;
import dev.postject.events.SandboxEmailConfirmed;
import dev.postject.events.SandboxEmailRemoved;
import dev.postject.projections.EmailKeys;
import dev.postject.projections.internal.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.jdbi.v3.core.Jdbi;

/**
 * The sandbox whitelist. Read-your-writes: the send path checks it in the request's transaction.
 * Idempotent by position (see {@link Positions}).
 */
@ProcessingGroup(SandboxEmailProjection.GROUP)
public final class SandboxEmailProjection {
    public static final String GROUP = "sandbox";

    private final Jdbi jdbi;
    private final Positions positions;

    public SandboxEmailProjection(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.positions = new Positions(jdbi, GROUP);
    }

    @EventHandler
    void on(SandboxEmailAdded e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate("INSERT INTO rm_sandbox_emails (account_id, email, email_key, status, added_at)"
                                + " VALUES (:account, :email, :key, 'pending', :at) ON CONFLICT DO NOTHING")
                        .bind("account", e.accountId().value())
                        .bind("email", e.email())
                        .bind("key", EmailKeys.of(e.email()))
                        .bind("at", e.addedAt())
                        .execute());
    }

    @EventHandler
    void on(SandboxConfirmationSent e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate("UPDATE rm_sandbox_emails SET token_hash = :hash, token_expires_at = :expires,"
                                + " last_sent_at = :at WHERE account_id = :account AND email_key = :key")
                        .bind("account", e.accountId().value())
                        .bind("key", EmailKeys.of(e.email()))
                        .bind("hash", e.tokenHash())
                        .bind("expires", e.expiresAt())
                        .bind("at", e.sentAt())
                        .execute());
    }

    @EventHandler
    void on(SandboxEmailConfirmed e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate(
                                "UPDATE rm_sandbox_emails SET status = 'confirmed', confirmed_at = :at,"
                                        + " token_hash = NULL, token_expires_at = NULL WHERE account_id = :account AND email_key = :key")
                        .bind("account", e.accountId().value())
                        .bind("key", EmailKeys.of(e.email()))
                        .bind("at", e.confirmedAt())
                        .execute());
    }

    @EventHandler
    void on(SandboxEmailRemoved e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate("DELETE FROM rm_sandbox_emails WHERE account_id = :account AND email_key = :key")
                        .bind("account", e.accountId().value())
                        .bind("key", EmailKeys.of(e.email()))
                        .execute());
    }

    /** Clears the model for a replay (DELETE: readers see the old rows until the replay commits). */
    @ResetHandler
    public void reset() {
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM rm_sandbox_emails");
            positions.reset(h);
        });
    }
}
