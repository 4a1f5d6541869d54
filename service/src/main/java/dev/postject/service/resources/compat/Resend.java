package dev.postject.service.resources.compat;

import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.resources.api.ResendAnswers;
import dev.postject.service.resources.api.ResendEmail;
import dev.postject.service.sending.EmailRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resend's dialect, translated both ways: its email into the send path's {@link EmailRequest}, and
 * the send path's refusals into Resend's error shape {@code {"statusCode","name","message"}} with
 * the names of its API reference ("Errors"): {@code missing_api_key} (401), {@code invalid_api_key}
 * (403), {@code validation_error} (a field at fault; 403 for the sandbox and sender rules, as Resend
 * answers a send to an address it does not allow), {@code missing_required_field},
 * {@code invalid_from_address}, {@code invalid_attachment} (422), {@code invalid_idempotency_key}
 * (400), {@code invalid_idempotent_request} (409), {@code daily_quota_exceeded} (the sandbox's daily
 * allowance) and {@code rate_limit_exceeded} (429).
 *
 * <p>Resend's {@code tags} are name/value pairs: they become the email's metadata (Postject's
 * {@code tag} is one word per email and has no Resend field).
 */
final class Resend {
    static final DialectFields FIELDS = new DialectFields(
            Map.of("replyTo", "reply_to", "metadata", "tags"), "attachments", Map.of("contentType", "content_type"));

    private Resend() {}

    static EmailRequest toEmailRequest(ResendEmail email) {
        if (email.scheduledAt() != null) {
            throw new Refusal.Invalid(
                    "scheduling_not_supported",
                    "Postject does not schedule emails yet: leave scheduled_at out and send the email when it"
                            + " should go.",
                    "scheduled_at");
        }
        return new EmailRequest(
                email.from(),
                email.to(),
                email.cc(),
                email.bcc(),
                email.replyTo(),
                email.subject(),
                email.text(),
                email.html(),
                email.headers(),
                null,
                tags(email.tags()),
                attachments(email.attachments()),
                null,
                null);
    }

    private static Map<String, String> tags(List<ResendEmail.Tag> tags) {
        if (tags == null) {
            return null;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            ResendEmail.Tag tag = tags.get(i);
            if (tag == null || tag.name() == null || tag.name().isEmpty()) {
                throw new Refusal.Invalid("invalid_tag", "Each tag needs a name.", "tags[" + i + "].name");
            }
            if (metadata.put(tag.name(), tag.value() == null ? "" : tag.value()) != null) {
                throw new Refusal.Invalid(
                        "invalid_tag", "Tag '" + tag.name() + "' is given more than once.", "tags[" + i + "].name");
            }
        }
        return metadata;
    }

    private static List<EmailRequest.Attachment> attachments(List<ResendEmail.Attachment> attachments) {
        if (attachments == null) {
            return null;
        }
        for (int i = 0; i < attachments.size(); i++) {
            ResendEmail.Attachment attachment = attachments.get(i);
            if (attachment == null) {
                continue;
            }
            if (attachment.path() != null) {
                throw new Refusal.Invalid(
                        "invalid_attachment",
                        "Postject does not fetch attachments from URLs: give the file's base64 'content' instead"
                                + " of 'path'.",
                        "attachments[" + i + "].path");
            }
            if (attachment.contentId() != null && !attachment.contentId().isBlank()) {
                throw new Refusal.Invalid(
                        "invalid_attachment",
                        "Postject does not send inline (content_id) attachments yet: leave content_id out.",
                        "attachments[" + i + "].content_id");
            }
        }
        return attachments.stream()
                .map(a -> a == null ? null : new EmailRequest.Attachment(a.filename(), a.contentType(), a.content()))
                .toList();
    }

    static ResendAnswers.Error error(Refusal refusal) {
        return error(refusal.status(), refusal.code(), refusal.getMessage(), refusal.field());
    }

    static ResendAnswers.Error error(int status, String code, String message, String field) {
        String text = FIELDS.message(field, message);
        if (status >= 500) {
            return new ResendAnswers.Error(500, "application_error", message);
        }
        return switch (code) {
            case "missing_api_key" -> new ResendAnswers.Error(401, code, message);
            case "invalid_api_key" -> new ResendAnswers.Error(403, code, message);
            case "invalid_idempotency_key" -> new ResendAnswers.Error(400, code, message);
            case "idempotency_key_reused" -> new ResendAnswers.Error(409, "invalid_idempotent_request", message);
            case "sandbox_limit_reached" -> new ResendAnswers.Error(429, "daily_quota_exceeded", message);
            case "invalid_attachment" -> new ResendAnswers.Error(422, code, text);
            case "missing_recipient", "missing_body", "missing_field" ->
                new ResendAnswers.Error(422, "missing_required_field", text);
            default -> other(status, code, text, field);
        };
    }

    private static ResendAnswers.Error other(int status, String code, String text, String field) {
        if (status == 429) {
            return new ResendAnswers.Error(429, "rate_limit_exceeded", text);
        }
        if (status == 401) {
            return new ResendAnswers.Error(401, "missing_api_key", text);
        }
        if (status == 404) {
            return new ResendAnswers.Error(404, "not_found", text);
        }
        if (status == 405) {
            return new ResendAnswers.Error(405, "method_not_allowed", text);
        }
        if ("from".equals(field) && code.equals("invalid_address")) {
            return new ResendAnswers.Error(422, "invalid_from_address", text);
        }
        return new ResendAnswers.Error(status, "validation_error", text);
    }
}
