package dev.postject.service.automation;

import dev.postject.events.EmailDelivered;
import dev.postject.projections.accounts.AccountView;
import dev.postject.service.account.RecordSandboxSend;
import dev.postject.service.platform.cache.ReadModelCaches;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.jdbi.v3.core.Jdbi;

/**
 * The first delivered sandbox email (one of the account's own, not Postject's mail to it) is a
 * production-access prerequisite: the account records it once, in the transaction that records
 * the delivery. Never replayed; once recorded, later deliveries cost one cache look-up.
 */
@ProcessingGroup(WhenSandboxEmailDeliveredThenRecordIt.GROUP)
@DisallowReplay
public final class WhenSandboxEmailDeliveredThenRecordIt {
    public static final String GROUP = "automation-record-sandbox-send";

    private final CommandGateway commands;
    private final ReadModelCaches caches;
    private final Jdbi jdbi;

    public WhenSandboxEmailDeliveredThenRecordIt(CommandGateway commands, ReadModelCaches caches, Jdbi jdbi) {
        this.commands = commands;
        this.caches = caches;
        this.jdbi = jdbi;
    }

    @EventHandler
    void on(EmailDelivered event) {
        boolean recorded = caches.account(event.accountId().value())
                .map(AccountView::sandboxDelivery)
                .orElse(true);
        if (!recorded && isSandboxSend(event)) {
            commands.sendAndWait(new RecordSandboxSend(event.accountId(), event.emailId()));
        }
    }

    /** One of the account's own emails, accepted while it was in sandbox mode. */
    private boolean isSandboxSend(EmailDelivered event) {
        return jdbi.withHandle(h -> h.createQuery("SELECT sandbox AND NOT system FROM rm_emails WHERE email_id = :id")
                .bind("id", event.emailId().value())
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false));
    }
}
