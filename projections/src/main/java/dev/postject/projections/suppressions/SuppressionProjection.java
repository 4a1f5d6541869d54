package dev.postject.projections.suppressions;

import dev.postject.events.RecipientSuppressed;
import dev.postject.events.SuppressionRemoved;
import dev.postject.projections.EmailKeys;
import dev.postject.projections.internal.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.jdbi.v3.core.Jdbi;

/**
 * Each account's suppression list. Read-your-writes: the send path skips these addresses.
 * Idempotent by position (see {@link Positions}).
 */
@ProcessingGroup(SuppressionProjection.GROUP)
public final class SuppressionProjection {
    public static final String GROUP = "suppressions";

    private final Jdbi jdbi;
    private final Positions positions;

    public SuppressionProjection(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.positions = new Positions(jdbi, GROUP);
    }

    @EventHandler
    void on(RecipientSuppressed e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate(
                                "INSERT INTO rm_suppressions (account_id, email, email_key, reason, email_id, bounce_type,"
                                        + " subtype, suppressed_at) VALUES (:account, :email, :key, :reason, :emailId,"
                                        + " :bounceType, :subtype, :at) ON CONFLICT DO NOTHING")
                        .bind("account", e.accountId().value())
                        .bind("email", e.email())
                        .bind("key", EmailKeys.of(e.email()))
                        .bind("reason", e.reason())
                        .bind(
                                "emailId",
                                e.emailId() == null ? null : e.emailId().value())
                        .bind("bounceType", e.bounceType())
                        .bind("subtype", e.subtype())
                        .bind("at", e.suppressedAt())
                        .execute());
    }

    @EventHandler
    void on(SuppressionRemoved e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate("DELETE FROM rm_suppressions WHERE account_id = :account AND email_key = :key")
                        .bind("account", e.accountId().value())
                        .bind("key", EmailKeys.of(e.email()))
                        .execute());
    }

    /** Clears the model for a replay (DELETE: readers see the old rows until the replay commits). */
    @ResetHandler
    public void reset() {
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM rm_suppressions");
            positions.reset(h);
        });
    }
}
