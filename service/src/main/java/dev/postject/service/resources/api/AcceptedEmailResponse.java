package dev.postject.service.resources.api;

import java.time.Instant;

public record AcceptedEmailResponse(String id, String status, Instant createdAt) {}
