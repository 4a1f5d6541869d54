package dev.postject.service.resources.compat;

import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.resources.api.PostmarkAnswer;
import dev.postject.service.resources.api.PostmarkEmail;
import dev.postject.service.sending.EmailRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Postmark's dialect, translated both ways: its email into the send path's {@link EmailRequest}
 * (nothing judged here beyond what has no Postject equivalent), and the send path's refusals into
 * Postmark's {@code ErrorCode}s and HTTP statuses (its API reference, "Error codes"): 10 for a bad
 * or missing server token (401), 300 for an invalid email (422), 400 for a sender that is not
 * verified, 402 for unreadable JSON, 405 when the account may not send (paused), 406 when every
 * recipient is inactive (suppressed), 410 for a batch of over 500, 412 for a sandbox restriction
 * (422 each), 429 for a rate limit (429).
 */
final class Postmark {
    static final String STREAM = "outbound";
    static final int BAD_TOKEN = 10;
    static final int INVALID_REQUEST = 300;

    static final DialectFields FIELDS = new DialectFields(
            Map.ofEntries(
                    Map.entry("from", "From"),
                    Map.entry("to", "To"),
                    Map.entry("cc", "Cc"),
                    Map.entry("bcc", "Bcc"),
                    Map.entry("replyTo", "ReplyTo"),
                    Map.entry("subject", "Subject"),
                    Map.entry("text", "TextBody"),
                    Map.entry("html", "HtmlBody"),
                    Map.entry("headers", "Headers"),
                    Map.entry("tag", "Tag"),
                    Map.entry("metadata", "Metadata"),
                    Map.entry("attachments", "Attachments")),
            "Attachments",
            Map.of("filename", "Name", "content", "Content", "contentType", "ContentType"));

    private Postmark() {}

    static EmailRequest toEmailRequest(PostmarkEmail email) {
        if (email.messageStream() != null && !email.messageStream().equals(STREAM)) {
            throw new Refusal.Invalid(
                    "unknown_message_stream",
                    "Postject has one message stream, '" + STREAM + "' (transactional): leave MessageStream out"
                            + " or set it to '" + STREAM + "'.",
                    "MessageStream");
        }
        return new EmailRequest(
                email.from(),
                AddressLists.split(email.to()),
                AddressLists.split(email.cc()),
                AddressLists.split(email.bcc()),
                AddressLists.split(email.replyTo()),
                email.subject(),
                email.textBody(),
                email.htmlBody(),
                headers(email.headers()),
                email.tag(),
                email.metadata(),
                attachments(email.attachments()),
                email.trackOpens(),
                trackLinks(email.trackLinks()));
    }

    /** Postject rewrites the links of an HTML body; a text body's links stay as they are. */
    private static Boolean trackLinks(String trackLinks) {
        if (trackLinks == null) {
            return null;
        }
        return switch (trackLinks) {
            case "None" -> false;
            case "HtmlOnly", "HtmlAndText" -> true;
            case "TextOnly" ->
                throw new Refusal.Invalid(
                        "invalid_value",
                        "Postject tracks links in HTML bodies only: TrackLinks takes None, HtmlOnly or HtmlAndText"
                                + " (which tracks the HTML body's links).",
                        "TrackLinks");
            default ->
                throw new Refusal.Invalid(
                        "invalid_value", "TrackLinks takes None, HtmlAndText, HtmlOnly or TextOnly.", "TrackLinks");
        };
    }

    /** {@code [{Name, Value}]} as the send path's map; a header named twice (any case) is refused. */
    private static Map<String, String> headers(List<PostmarkEmail.Header> headers) {
        if (headers == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (PostmarkEmail.Header header : headers) {
            if (header == null || header.name() == null) {
                throw new Refusal.Invalid("invalid_header", "Each header needs a Name and a Value.", "Headers");
            }
            if (!seen.add(header.name())) {
                throw new Refusal.Invalid(
                        "invalid_header", "Header '" + header.name() + "' is given more than once.", "Headers");
            }
            out.put(header.name(), header.value());
        }
        return out;
    }

    private static List<EmailRequest.Attachment> attachments(List<PostmarkEmail.Attachment> attachments) {
        if (attachments == null) {
            return null;
        }
        for (int i = 0; i < attachments.size(); i++) {
            PostmarkEmail.Attachment attachment = attachments.get(i);
            if (attachment != null
                    && attachment.contentId() != null
                    && !attachment.contentId().isBlank()) {
                throw new Refusal.Invalid(
                        "invalid_attachment",
                        "Postject does not send inline (ContentID) attachments yet: leave ContentID out.",
                        "Attachments[" + i + "].ContentID");
            }
        }
        return attachments.stream()
                .map(a -> a == null ? null : new EmailRequest.Attachment(a.name(), a.contentType(), a.content()))
                .toList();
    }

    /** Postmark's HTTP status for a refusal Postject answers with {@code status}. */
    static int status(int status) {
        if (status == 401 || status == 429 || status == 404 || status == 405 || status == 413 || status == 415) {
            return status;
        }
        return status >= 500 ? 500 : 422;
    }

    /** Postmark's answer to a refusal: its error code and a message naming the field in Postmark's terms. */
    static PostmarkAnswer answer(int status, String code, String message, String field) {
        return PostmarkAnswer.error(errorCode(status, code), FIELDS.message(field, message));
    }

    static PostmarkAnswer answer(Refusal refusal) {
        return answer(refusal.status(), refusal.code(), refusal.getMessage(), refusal.field());
    }

    private static int errorCode(int status, String code) {
        if (status == 401) {
            return BAD_TOKEN;
        }
        if (status == 429) {
            return 429;
        }
        if (status >= 500) {
            return 100;
        }
        return switch (code) {
            case "sandbox_recipient_not_allowed" -> 412;
            case "recipients_suppressed" -> 406;
            case "sender_not_verified" -> 400;
            case "sending_paused" -> 405;
            case "batch_too_large" -> 410;
            case "malformed_json", "invalid_body" -> 402;
            default -> INVALID_REQUEST;
        };
    }
}
