package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.postject.projections.webhooks.WebhookView;
import java.time.Instant;
import java.util.List;

/** An endpoint; {@code secret} only when created, rotated or asked for by id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookResponse(
        String id,
        String url,
        List<String> events,
        String secret,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {
    public static WebhookResponse of(WebhookView view, String secret) {
        return new WebhookResponse(
                view.id(), view.url(), view.eventTypes(), secret, view.enabled(), view.createdAt(), view.updatedAt());
    }
}
