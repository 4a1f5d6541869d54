package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /emails} (and each item of {@code POST /emails/batch}) in Resend's own terms:
 * snake_case fields, addresses as a string or an array, tags as {@code [{name, value}]}.
 * {@code scheduled_at} and an attachment's {@code path} are read only to be refused clearly.
 */
public record ResendEmail(
        String from,

        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> to,

        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> cc,

        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> bcc,

        @JsonProperty("reply_to") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> replyTo,

        String subject,
        String html,
        String text,
        Map<String, String> headers,
        List<Tag> tags,
        List<Attachment> attachments,
        @JsonProperty("scheduled_at") String scheduledAt) {

    public record Tag(String name, String value) {}

    public record Attachment(
            String filename,
            String content,
            @JsonProperty("content_type") String contentType,
            String path,
            @JsonProperty("content_id") String contentId) {}
}
