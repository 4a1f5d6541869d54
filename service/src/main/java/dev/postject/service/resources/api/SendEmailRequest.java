package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.postject.service.sending.EmailRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/emails}. Address fields take a string or an array of strings; tracking flags
 * left out follow the account's defaults.
 */
public record SendEmailRequest(
        @NotNull String from,

        @NotNull @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> to,

        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> cc,

        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> bcc,

        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> replyTo,

        @NotNull @Size(max = 998) String subject,
        String text,
        String html,
        @Size(max = 50) Map<String, String> headers,
        @Size(max = 100) String tag,
        @Size(max = 20) Map<String, String> metadata,
        @Size(max = 20) List<@Valid Attachment> attachments,
        Boolean trackOpens,
        Boolean trackClicks) {

    public record Attachment(
            @NotNull @Size(min = 1, max = 255) String filename,
            @Size(max = 255) String contentType,
            @NotNull String content) {}

    /** The same email in the send path's own terms. */
    public EmailRequest toEmailRequest() {
        return new EmailRequest(
                from,
                to,
                cc,
                bcc,
                replyTo,
                subject,
                text,
                html,
                headers,
                tag,
                metadata,
                attachments == null
                        ? null
                        : attachments.stream()
                                .map(a -> a == null
                                        ? null
                                        : new EmailRequest.Attachment(a.filename(), a.contentType(), a.content()))
                                .toList(),
                trackOpens,
                trackClicks);
    }
}
