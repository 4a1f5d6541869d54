package dev.postject.projections.accounts;

import dev.postject.events.AccountMode;
import dev.postject.events.AccountOpened;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.jdbi.v3.core.Jdbi;

/** Accounts and their mode. Read-your-writes: updated in the transaction of the event append. */
@ProcessingGroup(AccountProjection.GROUP)
public final class AccountProjection {
    public static final String GROUP = "accounts";

    private final Jdbi jdbi;

    public AccountProjection(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @EventHandler
    void on(AccountOpened e) {
        jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO rm_accounts (account_id, name, mode, owner_user_id, owner_email, created_at)"
                                + " VALUES (:id, :name, :mode, :owner, :email, :at) ON CONFLICT (account_id) DO NOTHING")
                .bind("id", e.accountId().value())
                .bind("name", e.name())
                .bind("mode", AccountMode.SANDBOX.wireName())
                .bind("owner", e.ownerId().value())
                .bind("email", e.ownerEmail())
                .bind("at", e.openedAt())
                .execute());
    }

    /**
     * Clears the model for a replay. DELETE rather than TRUNCATE: inside the replay's transaction,
     * readers (the auth filter) keep seeing the old rows until the rebuilt ones commit.
     */
    @ResetHandler
    public void reset() {
        jdbi.useHandle(h -> h.execute("DELETE FROM rm_accounts"));
    }
}
