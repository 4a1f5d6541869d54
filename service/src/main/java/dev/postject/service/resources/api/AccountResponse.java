package dev.postject.service.resources.api;

import dev.postject.projections.accounts.AccountView;
import java.time.Instant;

/**
 * The caller's account. {@code sending} says whether an operator paused its sending, and why (both
 * null while it sends).
 */
public record AccountResponse(
        String id, String name, String mode, Instant createdAt, Defaults defaults, Sending sending)
        implements AccountAnswer {
    /** What new emails do unless they say otherwise. */
    public record Defaults(boolean trackOpens, boolean trackClicks) {}

    /** Whether the account may send: {@code paused} by an operator, with their reason, since {@code pausedAt}. */
    public record Sending(boolean paused, String reason, Instant pausedAt) {}

    public static AccountResponse of(AccountView view) {
        return new AccountResponse(
                view.id(),
                view.name(),
                view.mode(),
                view.createdAt(),
                new Defaults(view.trackOpens(), view.trackClicks()),
                new Sending(view.sendingPaused(), view.pausedReason(), view.pausedAt()));
    }
}
