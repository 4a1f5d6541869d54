package dev.postject.service.automation;

import dev.postject.events.EmailBounced;
import dev.postject.projections.suppressions.SuppressionQueries;
import dev.postject.service.account.SuppressRecipient;
import dev.postject.service.platform.text.Addresses;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;

/**
 * A hard bounce suppresses the address for the account, in the transaction that records the
 * bounce. Never replayed; an address already suppressed is left as it is.
 */
@ProcessingGroup(WhenEmailBouncedThenSuppress.GROUP)
@DisallowReplay
public final class WhenEmailBouncedThenSuppress {
    public static final String GROUP = "automation-suppress-bounced";

    private final CommandGateway commands;
    private final SuppressionQueries suppressions;

    public WhenEmailBouncedThenSuppress(CommandGateway commands, SuppressionQueries suppressions) {
        this.commands = commands;
        this.suppressions = suppressions;
    }

    @EventHandler
    void on(EmailBounced event) {
        if (suppressions
                .suppressedAmong(event.accountId().value(), Set.of(Addresses.key(event.recipient())))
                .isEmpty()) {
            commands.sendAndWait(new SuppressRecipient(
                    event.accountId(), event.recipient(), "hard_bounce: " + event.response(), event.emailId()));
        }
    }
}
