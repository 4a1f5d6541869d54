package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.postject.projections.apikeys.ApiKeyView;
import java.time.Instant;

@JsonInclude(JsonInclude.Include.ALWAYS)
public record KeyResponse(
        String id,
        String name,
        String hint,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        String permission,
        String domainId,
        String domain) {
    public static KeyResponse of(ApiKeyView view) {
        return new KeyResponse(
                view.id(),
                view.name(),
                view.hint(),
                view.createdAt(),
                view.expiresAt(),
                view.lastUsedAt(),
                view.permission(),
                view.domainId(),
                view.domain());
    }
}
