package dev.postject.service.resources.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /v1/webhooks}; for {@code PATCH} every field is optional. */
public record WebhookRequest(
        @Size(max = 2000) String url, @Size(max = 20) List<@NotNull String> events, Boolean enabled) {}
