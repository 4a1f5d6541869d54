package dev.postject.service.automation;

import dev.postject.events.EmailBounced;
import dev.postject.service.account.SuppressRecipient;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;

/**
 * A hard bounce suppresses the address for the account, in the transaction that records the
 * bounce. Never replayed; an address already suppressed (by another bounce recorded at the same
 * moment, say) is left as it is.
 */
@ProcessingGroup(WhenEmailBouncedThenSuppress.GROUP)
@DisallowReplay
public final class WhenEmailBouncedThenSuppress {
    public static final String GROUP = "automation-suppress-bounced";

    private final CommandGateway commands;

    public WhenEmailBouncedThenSuppress(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(EmailBounced event) {
        commands.sendAndWait(new SuppressRecipient(
                event.accountId(), event.recipient(), "hard_bounce: " + event.response(), event.emailId()));
    }
}
