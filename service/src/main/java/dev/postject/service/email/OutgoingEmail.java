package dev.postject.service.email;

import dev.postject.projections.EmailKeys;
import dev.postject.service.errors.DomainException;
import dev.postject.service.mail.Composition;
import dev.postject.service.resources.api.Emails;
import dev.postject.service.resources.api.SendEmailRequest;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A send request checked field by field: every refusal is a 422 naming the field. Addresses keep
 * their display names for the headers; {@link #envelope} holds the bare addresses.
 */
record OutgoingEmail(
        String from,
        String fromAddress,
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
        List<Composition.Attachment> attachments,
        Boolean trackOpens,
        Boolean trackClicks) {

    static final int MAX_RECIPIENTS = 50;
    static final long MAX_BYTES = 10L * 1024 * 1024;
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[\\w.+-]+/[\\w.+-]+");
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "from",
            "to",
            "cc",
            "bcc",
            "reply-to",
            "subject",
            "date",
            "message-id",
            "mime-version",
            "sender",
            "return-path",
            "received",
            "dkim-signature",
            "content-type",
            "content-transfer-encoding");

    static OutgoingEmail of(SendEmailRequest request) {
        String from = single(request.from(), "from");
        List<String> to = list(request.to(), "to");
        List<String> cc = list(request.cc(), "cc");
        List<String> bcc = list(request.bcc(), "bcc");
        List<String> replyTo = list(request.replyTo(), "replyTo");
        if (to.isEmpty()) {
            throw invalid("missing_recipient", "Give at least one 'to' address.", "to");
        }
        if (to.size() + cc.size() + bcc.size() > MAX_RECIPIENTS) {
            throw invalid(
                    "too_many_recipients",
                    "At most " + MAX_RECIPIENTS + " recipients in to, cc and bcc together.",
                    "to");
        }
        if (request.text() == null && request.html() == null) {
            throw invalid("missing_body", "Give 'text', 'html' or both.", "text");
        }
        requireNoLineBreak(request.subject(), "subject");
        if (request.tag() != null) {
            requireNoLineBreak(request.tag(), "tag");
        }
        Map<String, String> headers = headers(request.headers());
        Map<String, String> metadata = metadata(request.metadata());
        List<Composition.Attachment> attachments = attachments(request.attachments());
        long size = bytes(request.text()) + bytes(request.html());
        for (Composition.Attachment attachment : attachments) {
            size += attachment.content().length;
        }
        if (size > MAX_BYTES) {
            throw invalid("email_too_large", "Body and attachments may total at most 10 MB.", "attachments");
        }
        return new OutgoingEmail(
                from,
                address(from),
                to,
                cc,
                bcc,
                replyTo,
                request.subject(),
                request.text(),
                request.html(),
                headers,
                request.tag(),
                metadata,
                attachments,
                request.trackOpens(),
                request.trackClicks());
    }

    /** Every recipient's bare address, in to, cc, bcc order. */
    List<String> envelope() {
        List<String> all = new ArrayList<>();
        for (List<String> list : List.of(to, cc, bcc)) {
            list.forEach(entry -> all.add(address(entry)));
        }
        return all;
    }

    /** The bare address of an entry that {@link #single} normalized. */
    static String address(String entry) {
        return EmailKeys.address(entry);
    }

    private static String single(String entry, String field) {
        try {
            InternetAddress parsed = new InternetAddress(entry, true);
            if (parsed.getAddress() == null || !parsed.getAddress().matches(Emails.PATTERN)) {
                throw invalid("invalid_address", "'" + field + "' is not a valid email address.", field);
            }
            return parsed.toUnicodeString();
        } catch (AddressException e) {
            throw invalid("invalid_address", "'" + field + "' is not a valid email address.", field);
        }
    }

    private static List<String> list(List<String> entries, String field) {
        if (entries == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String entry : entries) {
            if (entry == null) {
                throw invalid("invalid_address", "'" + field + "' holds an empty address.", field);
            }
            out.add(single(entry, field));
        }
        return List.copyOf(out);
    }

    private static Map<String, String> headers(Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        if (given == null) {
            return out;
        }
        for (Map.Entry<String, String> header : given.entrySet()) {
            String name = header.getKey();
            if (!HEADER_NAME.matcher(name).matches() || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw invalid("invalid_header", "Header '" + name + "' cannot be set.", "headers");
            }
            if (header.getValue() == null) {
                throw invalid("invalid_header", "Header '" + name + "' has no value.", "headers");
            }
            requireNoLineBreak(header.getValue(), "headers");
            out.put(name, header.getValue());
        }
        return out;
    }

    private static Map<String, String> metadata(Map<String, String> given) {
        if (given == null) {
            return Map.of();
        }
        for (Map.Entry<String, String> entry : given.entrySet()) {
            if (entry.getKey().length() > 40
                    || entry.getValue() == null
                    || entry.getValue().length() > 500) {
                throw invalid("invalid_metadata", "Metadata keys take at most 40 characters, values 500.", "metadata");
            }
        }
        return Map.copyOf(given);
    }

    private static List<Composition.Attachment> attachments(List<SendEmailRequest.Attachment> given) {
        if (given == null) {
            return List.of();
        }
        List<Composition.Attachment> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            SendEmailRequest.Attachment attachment = given.get(i);
            String field = "attachments[" + i + "]";
            requireNoLineBreak(attachment.filename(), field + ".filename");
            if (attachment.filename().contains("/") || attachment.filename().contains("\\")) {
                throw invalid(
                        "invalid_attachment", "An attachment's filename cannot hold a path.", field + ".filename");
            }
            String type = attachment.contentType() == null ? "application/octet-stream" : attachment.contentType();
            if (!CONTENT_TYPE.matcher(type).matches()) {
                throw invalid("invalid_attachment", "Not a content type: '" + type + "'.", field + ".contentType");
            }
            byte[] content;
            try {
                content = Base64.getDecoder().decode(attachment.content().replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw invalid("invalid_attachment", "An attachment's content must be base64.", field + ".content");
            }
            out.add(new Composition.Attachment(attachment.filename(), type, content));
        }
        return out;
    }

    private static void requireNoLineBreak(String value, String field) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw invalid("invalid_value", "'" + field + "' cannot contain line breaks.", field);
        }
    }

    private static long bytes(String value) {
        return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static DomainException invalid(String code, String message, String field) {
        return new DomainException.Invalid(code, message, field);
    }
}
