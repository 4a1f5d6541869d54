package dev.postject.service.resources.api;

import dev.postject.projections.accounts.AccountView;
import java.time.Instant;

public record AdminAccountResponse(String id, String name, String mode, String ownerEmail, Instant createdAt) {
    public static AdminAccountResponse of(AccountView view) {
        return new AdminAccountResponse(view.id(), view.name(), view.mode(), view.ownerEmail(), view.createdAt());
    }
}
