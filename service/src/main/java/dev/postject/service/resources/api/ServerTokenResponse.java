package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.postject.projections.servertokens.ServerTokenView;
import java.time.Instant;
import java.util.List;

/** A server token as listed: its hint, never the token. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ServerTokenResponse(
        String id,
        String name,
        String hint,
        Instant createdAt,
        Instant expiresAt,
        List<String> allowedNetworks,
        Instant lastUsedAt) {
    public static ServerTokenResponse of(ServerTokenView view) {
        return new ServerTokenResponse(
                view.id(),
                view.name(),
                view.hint(),
                view.createdAt(),
                view.expiresAt(),
                view.allowedNetworks(),
                view.lastUsedAt());
    }
}
