package dev.postject.projections.suppressions;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

/**
 * A suppressed address: why ({@code hard_bounce}, {@code complaint}, {@code repeated_soft_bounces},
 * {@code manual}), the email that caused it, and that bounce's type and subtype (null when no bounce did).
 */
public record SuppressionView(
        String email,
        String reason,
        @ColumnName("email_id") String emailId,
        @ColumnName("bounce_type") String bounceType,
        String subtype,
        @ColumnName("suppressed_at") Instant suppressedAt) {}
