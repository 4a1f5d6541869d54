package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /email} (and each item of {@code POST /email/batch}) in Postmark's own terms:
 * PascalCase fields, address lists as comma-separated strings, headers as {@code [{Name, Value}]}.
 */
public record PostmarkEmail(
        @JsonProperty("From") String from,
        @JsonProperty("To") String to,
        @JsonProperty("Cc") String cc,
        @JsonProperty("Bcc") String bcc,
        @JsonProperty("Subject") String subject,
        @JsonProperty("Tag") String tag,
        @JsonProperty("HtmlBody") String htmlBody,
        @JsonProperty("TextBody") String textBody,
        @JsonProperty("ReplyTo") String replyTo,
        @JsonProperty("Headers") List<Header> headers,
        @JsonProperty("TrackOpens") Boolean trackOpens,
        @JsonProperty("TrackLinks") String trackLinks,
        @JsonProperty("Metadata") Map<String, String> metadata,
        @JsonProperty("Attachments") List<Attachment> attachments,
        @JsonProperty("MessageStream") String messageStream) {

    public record Header(
            @JsonProperty("Name") String name,
            @JsonProperty("Value") String value) {}

    /** {@code Content} is base64; {@code ContentID} (inline images) is not supported and must be empty. */
    public record Attachment(
            @JsonProperty("Name") String name,
            @JsonProperty("Content") String content,
            @JsonProperty("ContentType") String contentType,
            @JsonProperty("ContentID") String contentId) {}
}
