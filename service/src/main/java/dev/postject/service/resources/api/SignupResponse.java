package dev.postject.service.resources.api;

import java.time.Instant;

public record SignupResponse(String accountId, String userId, String token, Instant expiresAt) {}
