package dev.postject.service.sending;

import dev.postject.service.mail.Composition;
import dev.postject.service.mail.MimeComposer;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Addresses;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
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
        Boolean trackClicks)
        implements Sendable {

    static final int MAX_RECIPIENTS = SendingPolicy.MAX_RECIPIENTS;
    static final long MAX_BYTES = SendingPolicy.MAX_BYTES;

    static final int MAX_TAG = 100;
    static final int MAX_METADATA = 20;
    static final int MAX_ADDRESS = 254;
    static final int MAX_DISPLAY_NAME = 256;
    private static final Pattern CONTENT_TYPE = Pattern.compile("[\\w.+-]+/[\\w.+-]+");

    /** Postject's own mail to one address: plain text, tagged {@code system}, never tracked. */
    static OutgoingEmail system(String from, String to, String subject, String text) {
        String sender = single(from, "from");
        return new OutgoingEmail(
                sender,
                address(sender),
                List.of(single(to, "to")),
                List.of(),
                List.of(),
                List.of(),
                subject,
                text,
                null,
                Map.of(),
                "system",
                Map.of(),
                List.of(),
                false,
                false);
    }

    static OutgoingEmail of(EmailRequest request) {
        String from = single(required(request.from(), "from"), "from");
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
        HeaderRules.requireText(required(request.subject(), "subject"), "subject");
        HeaderRules.requireFoldable("Subject", request.subject(), "subject");
        if (request.tag() != null) {
            HeaderRules.requireText(request.tag(), "tag");
        }
        Map<String, String> headers = HeaderRules.customHeaders(request.headers());
        Map<String, String> metadata = metadata(request.metadata());
        List<Composition.Attachment> attachments = attachments(request.attachments());
        requireSize(request, headers, metadata, attachments);
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

    @Override
    public boolean hasHtml() {
        return html != null;
    }

    @Override
    public byte[] mime(String messageId, Instant date, UnaryOperator<String> rewriteHtml) {
        return MimeComposer.compose(new Composition(
                from,
                to,
                cc,
                replyTo,
                subject,
                text,
                html == null || rewriteHtml == null ? html : rewriteHtml.apply(html),
                headers,
                attachments,
                messageId,
                date));
    }

    /** Every recipient's bare address, in to, cc, bcc order. */
    @Override
    public List<String> envelope() {
        List<String> all = new ArrayList<>();
        for (List<String> list : List.of(to, cc, bcc)) {
            list.forEach(entry -> all.add(address(entry)));
        }
        return all;
    }

    /** The bare address of an entry that {@link #single} normalized. */
    static String address(String entry) {
        return Addresses.bare(entry);
    }

    private static String single(String entry, String field) {
        HeaderRules.requireText(entry, field);
        try {
            InternetAddress parsed = new InternetAddress(entry, true);
            if (parsed.getAddress() == null
                    || parsed.getAddress().length() > MAX_ADDRESS
                    || !parsed.getAddress().matches(Addresses.PATTERN)) {
                throw invalid("invalid_address", "'" + field + "' is not a valid email address.", field);
            }
            if (parsed.getPersonal() != null && parsed.getPersonal().length() > MAX_DISPLAY_NAME) {
                throw invalid(
                        "invalid_address",
                        "A display name in '" + field + "' may hold at most " + MAX_DISPLAY_NAME + " characters.",
                        field);
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

    /** Metadata as HTTP and SMTP sends give it: keys of at most 40 characters, values of 500. */
    static Map<String, String> metadata(Map<String, String> given) {
        if (given == null) {
            return Map.of();
        }
        if (given.size() > MAX_METADATA) {
            throw invalid("invalid_metadata", "At most " + MAX_METADATA + " metadata entries.", "metadata");
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

    private static List<Composition.Attachment> attachments(List<EmailRequest.Attachment> given) {
        if (given == null) {
            return List.of();
        }
        List<Composition.Attachment> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "attachments[" + i + "]";
            EmailRequest.Attachment attachment = required(given.get(i), field);
            HeaderRules.requireText(required(attachment.filename(), field + ".filename"), field + ".filename");
            required(attachment.content(), field + ".content");
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

    /**
     * Everything the message carries counts in its size: bodies, attachments, and the text of
     * its headers (addresses, subject, custom headers), with the tag and metadata stored beside it.
     */
    private static void requireSize(
            EmailRequest request,
            Map<String, String> headers,
            Map<String, String> metadata,
            List<Composition.Attachment> attachments) {
        long content = bytes(request.text()) + bytes(request.html());
        for (Composition.Attachment attachment : attachments) {
            content += attachment.content().length + bytes(attachment.filename());
        }
        long headerBytes = bytes(request.from()) + bytes(request.subject()) + bytes(request.tag());
        for (List<String> list : Arrays.asList(request.to(), request.cc(), request.bcc(), request.replyTo())) {
            if (list != null) {
                for (String entry : list) {
                    headerBytes += bytes(entry);
                }
            }
        }
        for (Map<String, String> map : List.of(headers, metadata)) {
            for (Map.Entry<String, String> entry : map.entrySet()) {
                headerBytes += bytes(entry.getKey()) + bytes(entry.getValue());
            }
        }
        if (content + headerBytes > MAX_BYTES) {
            throw invalid(
                    "email_too_large",
                    "Bodies, attachments and headers may total at most 10 MB.",
                    content > MAX_BYTES ? "attachments" : "headers");
        }
    }

    /** A field every way in must give (a request read from JSON may leave it out). */
    private static <T> T required(T value, String field) {
        if (value == null) {
            throw invalid("missing_field", "'" + field + "' is required.", field);
        }
        return value;
    }

    private static long bytes(String value) {
        return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Refusal invalid(String code, String message, String field) {
        return new Refusal.Invalid(code, message, field);
    }
}
