package dev.postject.service.resources.api;

import java.time.Instant;

public record TokenResponse(String token, Instant expiresAt) {}
