package dev.postject.service.resources.compat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name a dialect gives a field the send path refused: Postject's {@code to}, {@code replyTo},
 * {@code attachments[0].contentType} are Postmark's {@code To}, {@code ReplyTo},
 * {@code Attachments[0].ContentType} and Resend's {@code to}, {@code reply_to},
 * {@code attachments[0].content_type}. A name with no translation is kept.
 */
final class DialectFields {
    private static final Pattern ATTACHMENT = Pattern.compile("attachments\\[(\\d+)](?:\\.(\\w+))?");

    private final Map<String, String> fields;
    private final String attachments;
    private final Map<String, String> attachmentFields;

    DialectFields(Map<String, String> fields, String attachments, Map<String, String> attachmentFields) {
        this.fields = fields;
        this.attachments = attachments;
        this.attachmentFields = attachmentFields;
    }

    String name(String field) {
        if (field == null) {
            return null;
        }
        Matcher attachment = ATTACHMENT.matcher(field);
        if (attachment.matches()) {
            String part = attachment.group(2);
            return attachments + "[" + attachment.group(1) + "]"
                    + (part == null ? "" : "." + attachmentFields.getOrDefault(part, part));
        }
        return fields.getOrDefault(field, field);
    }

    /** The message a client of the dialect reads: the field it knows by name, then the reason. */
    String message(String field, String message) {
        String name = name(field);
        return name == null ? message : "Invalid '" + name + "': " + message;
    }
}
