package dev.postject.service.resources.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Every field optional: no name gets a default one, no expiry means the token does not expire, no
 * networks means every SMTP client must authenticate with the token.
 */
public record CreateServerTokenRequest(
        @Size(max = 100) String name,
        @Min(1) @Max(3650) Integer expiresInDays,
        @Size(max = 20) List<String> allowedNetworks) {}
