package dev.postject.service.resources.api;

import java.time.Instant;

/** The only answer that ever holds a key's plaintext. */
public record CreatedKeyResponse(
        String id, String name, String key, String hint, Instant createdAt, Instant expiresAt) {}
