package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Postmark's answer to one email: {@code {"To","SubmittedAt","MessageID","ErrorCode":0,"Message":"OK"}}
 * when accepted, {@code {"ErrorCode","Message"}} when refused (also the body of every Postmark error).
 * {@code MessageID} is the Postject email id ({@code GET /v1/emails/{id}}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"To", "SubmittedAt", "MessageID", "ErrorCode", "Message"})
public record PostmarkAnswer(
        @JsonProperty("To") String to,
        @JsonProperty("SubmittedAt") String submittedAt,
        @JsonProperty("MessageID") String messageId,
        @JsonProperty("ErrorCode") int errorCode,
        @JsonProperty("Message") String message) {

    public static PostmarkAnswer accepted(String to, String submittedAt, String messageId) {
        return new PostmarkAnswer(to, submittedAt, messageId, 0, "OK");
    }

    public static PostmarkAnswer error(int errorCode, String message) {
        return new PostmarkAnswer(null, null, null, errorCode, message);
    }
}
