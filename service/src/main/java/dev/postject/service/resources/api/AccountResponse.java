package dev.postject.service.resources.api;

import dev.postject.projections.accounts.AccountView;
import java.time.Instant;

public record AccountResponse(String id, String name, String mode, Instant createdAt, Defaults defaults)
        implements AccountAnswer {
    /** What new emails do unless they say otherwise. */
    public record Defaults(boolean trackOpens, boolean trackClicks) {}

    public static AccountResponse of(AccountView view) {
        return new AccountResponse(
                view.id(),
                view.name(),
                view.mode(),
                view.createdAt(),
                new Defaults(view.trackOpens(), view.trackClicks()));
    }
}
