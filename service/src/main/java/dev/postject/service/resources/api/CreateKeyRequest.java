package dev.postject.service.resources.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** Both fields optional: no name gets a default one, no expiry means the key does not expire. */
public record CreateKeyRequest(
        @Size(max = 100) String name, @Min(1) @Max(3650) Integer expiresInDays) {}
