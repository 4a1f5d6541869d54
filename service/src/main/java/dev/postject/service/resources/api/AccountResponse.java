package dev.postject.service.resources.api;

import dev.postject.projections.accounts.AccountView;
import java.time.Instant;

public record AccountResponse(String id, String name, String mode, Instant createdAt) {
    public static AccountResponse of(AccountView view) {
        return new AccountResponse(view.id(), view.name(), view.mode(), view.createdAt());
    }
}
