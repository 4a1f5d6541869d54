package dev.postject.service.mail;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything that goes into one email's MIME message. Bcc recipients are not here: they are
 * envelope-only and never appear in the headers.
 */
public record Composition(
        String from,
        List<String> to,
        List<String> cc,
        List<String> replyTo,
        String subject,
        String text,
        String html,
        Map<String, String> headers,
        List<Attachment> attachments,
        String messageId,
        Instant date) {

    public record Attachment(String filename, String contentType, byte[] content) {}
}
