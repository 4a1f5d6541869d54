package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.postject.projections.suppressions.SuppressionView;
import java.time.Instant;

/**
 * A suppressed address. {@code reason}: {@code hard_bounce}, {@code complaint},
 * {@code repeated_soft_bounces} or {@code manual}; {@code emailId} the email that caused it;
 * {@code bounceType} and {@code subtype} that bounce's, null when no bounce caused it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SuppressionResponse(
        String email, String reason, String emailId, String bounceType, String subtype, Instant createdAt) {
    public static SuppressionResponse of(SuppressionView view) {
        return new SuppressionResponse(
                view.email(), view.reason(), view.emailId(), view.bounceType(), view.subtype(), view.suppressedAt());
    }
}
