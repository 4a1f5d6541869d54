package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.postject.projections.sandbox.SandboxEmailView;
import java.time.Instant;

@JsonInclude(JsonInclude.Include.ALWAYS)
public record SandboxEmailResponse(String email, String status, Instant addedAt, Instant confirmedAt) {
    public static SandboxEmailResponse of(SandboxEmailView view) {
        return new SandboxEmailResponse(view.email(), view.status(), view.addedAt(), view.confirmedAt());
    }
}
