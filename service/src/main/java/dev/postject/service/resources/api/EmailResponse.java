package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An email; {@code source} is the way it came in ({@code api} or {@code smtp}); {@code events} (its
 * timeline) only when one email is asked for, left out of lists.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EmailResponse(
        String id,
        String status,
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        String subject,
        String tag,
        String source,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Event> events) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Event(String type, String recipient, Instant at, String detail) {}
}
