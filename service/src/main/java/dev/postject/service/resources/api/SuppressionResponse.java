package dev.postject.service.resources.api;

import dev.postject.projections.suppressions.SuppressionView;
import java.time.Instant;

public record SuppressionResponse(String email, String reason, String emailId, Instant createdAt) {
    public static SuppressionResponse of(SuppressionView view) {
        return new SuppressionResponse(view.email(), view.reason(), view.emailId(), view.suppressedAt());
    }
}
