package dev.postject.projections.domains;

import dev.postject.events.DomainAdded;
import dev.postject.events.DomainRemoved;
import dev.postject.events.DomainVerificationLost;
import dev.postject.events.DomainVerified;
import dev.postject.projections.internal.Positions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.jdbi.v3.core.Jdbi;

/**
 * Sending domains and their status. Read-your-writes: the sender rule reads it in the send.
 * Idempotent by position (see {@link Positions}).
 */
@ProcessingGroup(DomainProjection.GROUP)
public final class DomainProjection {
    public static final String GROUP = "domains";

    private final Jdbi jdbi;
    private final Positions positions;

    public DomainProjection(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.positions = new Positions(jdbi, GROUP);
    }

    @EventHandler
    void on(DomainAdded e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate("INSERT INTO rm_domains (domain_id, account_id, name, status,"
                                + " verification_token, dkim_selector, dkim_public_key, created_at) VALUES (:id, :account,"
                                + " :name, 'pending', :token, :selector, :publicKey, :at) ON CONFLICT DO NOTHING")
                        .bind("id", e.domainId().value())
                        .bind("account", e.accountId().value())
                        .bind("name", e.name())
                        .bind("token", e.verificationToken())
                        .bind("selector", e.dkimSelector())
                        .bind("publicKey", e.dkimPublicKey())
                        .bind("at", e.addedAt())
                        .execute());
    }

    @EventHandler
    void on(DomainVerified e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate(
                                "UPDATE rm_domains SET status = 'verified', verified_at = :at WHERE domain_id = :id")
                        .bind("id", e.domainId().value())
                        .bind("at", e.verifiedAt())
                        .execute());
    }

    @EventHandler
    void on(DomainVerificationLost e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.createUpdate(
                                "UPDATE rm_domains SET status = 'pending', verified_at = NULL WHERE domain_id = :id")
                        .bind("id", e.domainId().value())
                        .execute());
    }

    @EventHandler
    void on(DomainRemoved e, EventMessage<?> message) {
        positions.applyOnce(
                message,
                h -> h.execute(
                        "DELETE FROM rm_domains WHERE domain_id = ?",
                        e.domainId().value()));
    }

    @ResetHandler
    public void reset() {
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM rm_domains");
            positions.reset(h);
        });
    }
}
