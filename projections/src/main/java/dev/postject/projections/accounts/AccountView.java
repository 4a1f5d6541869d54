package dev.postject.projections.accounts;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

public record AccountView(
        @ColumnName("account_id") String id,
        String name,
        String mode,
        @ColumnName("owner_user_id") String ownerUserId,
        @ColumnName("owner_email") String ownerEmail,
        @ColumnName("created_at") Instant createdAt) {}
