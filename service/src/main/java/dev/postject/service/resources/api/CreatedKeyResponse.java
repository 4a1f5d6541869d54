package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The only answer that ever holds a key's plaintext. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CreatedKeyResponse(
        String id,
        String name,
        String key,
        String hint,
        Instant createdAt,
        Instant expiresAt,
        String permission,
        String domainId,
        String domain) {}
