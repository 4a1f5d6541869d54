package dev.postject.projections.webhooks;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

/** A webhook endpoint: where to send which event types. Its secret is kept elsewhere. */
public record WebhookView(
        @ColumnName("webhook_id") String id,
        @ColumnName("account_id") String accountId,
        String url,
        @ColumnName("event_types") List<String> eventTypes,
        boolean enabled,
        @ColumnName("created_at") Instant createdAt,
        @ColumnName("updated_at") Instant updatedAt) {}
