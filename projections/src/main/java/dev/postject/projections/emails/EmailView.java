package dev.postject.projections.emails;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

/**
 * An email as its sender sees it. {@code recipients} is JSON: {@code {"to":[],"cc":[],"bcc":[]}};
 * {@code source} the way it came in ({@code api}, {@code smtp} or {@code system}).
 */
public record EmailView(
        @ColumnName("email_id") String id,
        @ColumnName("account_id") String accountId,
        String sender,
        String recipients,
        String subject,
        String tag,
        String status,
        boolean system,
        String source,
        @ColumnName("created_at") Instant createdAt) {
    /** Every status an email has (see {@link EmailProjection}), in the order of its life. */
    public static final List<String> STATUSES = List.of("queued", "deferred", "delivered", "bounced", "failed");
}
