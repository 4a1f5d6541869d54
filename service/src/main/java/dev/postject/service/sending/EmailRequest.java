package dev.postject.service.sending;

import java.util.List;
import java.util.Map;

/**
 * An email as an application asks for it, in no protocol's terms: what {@code POST /v1/emails}
 * (or any other way in) hands to {@link EmailAcceptance}. Addresses may carry display names;
 * optional parts are null; tracking flags left null follow the account's defaults.
 */
public record EmailRequest(
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        List<String> replyTo,
        String subject,
        String text,
        String html,
        Map<String, String> headers,
        String tag,
        Map<String, String> metadata,
        List<Attachment> attachments,
        Boolean trackOpens,
        Boolean trackClicks) {

    /** {@code content} is base64. */
    public record Attachment(String filename, String contentType, String content) {}
}
