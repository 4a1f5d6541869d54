package dev.postject.projections.emails;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

/**
 * One recipient of an email: its status ({@code queued}, {@code suppressed}, {@code delivered},
 * {@code deferred}, {@code bounced}, {@code failed}), its bounce when it bounced ({@code bounceType}
 * null otherwise), and its complaint when it complained ({@code complaintType} null otherwise).
 */
public record EmailRecipientView(
        @ColumnName("email_id") String emailId,
        String recipient,
        String status,
        @ColumnName("bounce_type") String bounceType,
        @ColumnName("bounce_subtype") String bounceSubtype,
        @ColumnName("bounce_status") String bounceStatus,
        @ColumnName("bounce_response") String bounceResponse,
        @ColumnName("bounce_asynchronous") Boolean bounceAsynchronous,
        @ColumnName("bounced_at") Instant bouncedAt,
        @ColumnName("complaint_type") String complaintType,
        @ColumnName("complained_at") Instant complainedAt) {}
