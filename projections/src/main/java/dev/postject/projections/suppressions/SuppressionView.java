package dev.postject.projections.suppressions;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

public record SuppressionView(
        String email,
        String reason,
        @ColumnName("email_id") String emailId,
        @ColumnName("suppressed_at") Instant suppressedAt) {}
