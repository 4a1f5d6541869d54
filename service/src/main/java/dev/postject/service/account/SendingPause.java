package dev.postject.service.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.postject.events.AccountSendingPaused;
import dev.postject.events.AccountSendingResumed;
import dev.postject.service.platform.errors.Refusal;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * Whether an operator paused the account's sending. A pause needs a reason the owner can read (one
 * line of text, up to {@link #MAX_REASON} characters); pausing a paused account or resuming one that
 * sends is refused, so the ledger never records a change that changed nothing.
 */
final class SendingPause {
    static final int MAX_REASON = 500;

    private boolean paused;

    @CommandHandler
    void handle(PauseSending command, Clock clock) {
        String reason = requireReason(command.reason());
        if (paused) {
            throw new Refusal.Conflict(
                    "sending_already_paused", "Sending is already paused for this account; resume it first.");
        }
        apply(new AccountSendingPaused(command.accountId(), reason, clock.instant()));
    }

    @CommandHandler
    void handle(ResumeSending command, Clock clock) {
        if (!paused) {
            throw new Refusal.Conflict("sending_not_paused", "Sending is not paused for this account.");
        }
        apply(new AccountSendingResumed(command.accountId(), clock.instant()));
    }

    /** The reason, stripped: present, at most {@link #MAX_REASON} characters, no control characters. */
    private static String requireReason(String given) {
        String reason = given == null ? "" : given.strip();
        if (reason.isEmpty()) {
            throw new Refusal.Invalid(
                    "reason_required", "A pause needs a reason the account's owner can read.", "reason");
        }
        if (reason.length() > MAX_REASON) {
            throw new Refusal.Invalid(
                    "reason_too_long", "A reason takes at most " + MAX_REASON + " characters.", "reason");
        }
        if (reason.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            throw new Refusal.Invalid(
                    "invalid_reason", "A reason is one line of text, without control characters.", "reason");
        }
        return reason;
    }

    @EventSourcingHandler
    void on(AccountSendingPaused event) {
        paused = true;
    }

    @EventSourcingHandler
    void on(AccountSendingResumed event) {
        paused = false;
    }
}
