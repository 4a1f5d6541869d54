package dev.postject.service.automation;

import dev.postject.events.EmailBounced;
import dev.postject.events.RecipientSuppressed;
import dev.postject.events.SuppressionRemoved;
import dev.postject.service.account.SuppressRecipient;
import dev.postject.service.mail.reports.BounceType;
import dev.postject.service.platform.db.Transactions;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.jdbi.v3.core.Jdbi;

/**
 * Which bounces suppress the address for the account, in the transaction that records the bounce,
 * synchronous (a 5xx while sending) or reported later alike:
 *
 * <ul>
 *   <li>a hard bounce at once, reason {@value RecipientSuppressed#HARD_BOUNCE};
 *   <li>a soft or undetermined bounce only when the address's soft and undetermined bounces reach
 *       {@code softBounceLimit} within {@code softBounceWindow}, reason {@value
 *       RecipientSuppressed#REPEATED_SOFT_BOUNCES} (an undetermined bounce is a permanent failure
 *       with no recognisable reason: not enough to drop an address, but a sign when it repeats);
 *   <li>a block bounce never: the receiver refused us (our IP, domain, content), not the address.
 * </ul>
 *
 * Removing a suppression starts the address's count again. Never replayed; an address already
 * suppressed (by another bounce recorded at the same moment, say) is left as it is.
 */
@ProcessingGroup(WhenEmailBouncedThenSuppress.GROUP)
@DisallowReplay
public final class WhenEmailBouncedThenSuppress {
    public static final String GROUP = "automation-suppress-bounced";

    private final CommandGateway commands;
    private final SoftBounces softBounces;
    private final SuppressionSettings settings;

    public WhenEmailBouncedThenSuppress(
            CommandGateway commands, Transactions transactions, Jdbi jdbi, SuppressionSettings settings) {
        this.commands = commands;
        this.softBounces = new SoftBounces(transactions, jdbi);
        this.settings = settings;
    }

    @EventHandler
    void on(EmailBounced event) {
        if (BounceType.HARD.code().equals(event.bounceType())) {
            suppress(event, RecipientSuppressed.HARD_BOUNCE);
        } else if (countsAsSoft(event.bounceType())) {
            int recent = softBounces.record(
                    event.accountId(),
                    event.recipient(),
                    event.emailId(),
                    event.bouncedAt(),
                    settings.softBounceWindow());
            if (recent >= settings.softBounceLimit()) {
                suppress(event, RecipientSuppressed.REPEATED_SOFT_BOUNCES);
            }
        }
    }

    @EventHandler
    void on(SuppressionRemoved event) {
        softBounces.forget(event.accountId(), event.email());
    }

    private static boolean countsAsSoft(String bounceType) {
        return BounceType.SOFT.code().equals(bounceType)
                || BounceType.UNDETERMINED.code().equals(bounceType);
    }

    private void suppress(EmailBounced event, String reason) {
        commands.sendAndWait(new SuppressRecipient(
                event.accountId(), event.recipient(), reason, event.emailId(), event.bounceType(), event.subtype()));
    }
}
