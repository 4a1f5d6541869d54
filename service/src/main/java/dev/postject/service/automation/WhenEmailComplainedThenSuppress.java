package dev.postject.service.automation;

import dev.postject.events.EmailComplained;
import dev.postject.events.RecipientSuppressed;
import dev.postject.service.account.SuppressRecipient;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;

/**
 * A recipient who marked an email as spam is sent no more of the account's mail: the address is
 * suppressed (reason {@value RecipientSuppressed#COMPLAINT}) in the transaction that records the
 * complaint. Never replayed; an address already suppressed is left as it is.
 */
@ProcessingGroup(WhenEmailComplainedThenSuppress.GROUP)
@DisallowReplay
public final class WhenEmailComplainedThenSuppress {
    public static final String GROUP = "automation-suppress-complained";

    private final CommandGateway commands;

    public WhenEmailComplainedThenSuppress(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(EmailComplained event) {
        commands.sendAndWait(new SuppressRecipient(
                event.accountId(), event.recipient(), RecipientSuppressed.COMPLAINT, event.emailId(), null, null));
    }
}
