package dev.postject.service.resources.api;

import java.time.Instant;
import java.util.List;

/** The only answer that ever holds a server token's plaintext: as {@code token}, and as the SMTP password. */
public record CreatedServerTokenResponse(
        String id,
        String name,
        String token,
        String hint,
        Instant createdAt,
        Instant expiresAt,
        List<String> allowedNetworks,
        SmtpSettingsResponse smtp) {}
