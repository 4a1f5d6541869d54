package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An email; {@code source} is the way it came in ({@code api} or {@code smtp}); {@code recipients}
 * each address's status, bounce and complaint; {@code events} (its timeline) only when one email is
 * asked for, left out of lists.
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
        List<Recipient> recipients,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Event> events) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Event(String type, String recipient, Instant at, String detail) {}

    /** One address the email was for; {@code bounce} and {@code complaint} null when there was none. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Recipient(String email, String status, Bounce bounce, Complaint complaint) {}

    /**
     * Why mail to the recipient came back: {@code bounceType} {@code hard}, {@code soft}, {@code block}
     * or {@code undetermined}; {@code subtype} ({@code mailbox_unknown}, ...); {@code status} the
     * enhanced status code, null when none was given; {@code response} the reply or the report's
     * diagnostic; {@code asynchronous} true when reported after the receiver had accepted the email.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Bounce(
            String bounceType, String subtype, String status, String response, boolean asynchronous, Instant at) {}

    /** The recipient marked the email as spam: {@code feedbackType} as their provider reported it ({@code abuse}, ...). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Complaint(String feedbackType, Instant at) {}
}
