package dev.postject.projections.sandbox;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

public record SandboxEmailView(
        @ColumnName("account_id") String accountId,
        String email,
        String status,
        @ColumnName("added_at") Instant addedAt,
        @ColumnName("confirmed_at") Instant confirmedAt,
        @ColumnName("token_expires_at") Instant tokenExpiresAt,
        @ColumnName("last_sent_at") Instant lastSentAt) {

    public boolean confirmed() {
        return "confirmed".equals(status);
    }
}
