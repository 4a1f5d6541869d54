package dev.postject.service.sending;

import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.sending.MessageHeaders.Field;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Postject's own header fields in a whole message, which say what a request's fields of the same
 * meaning say, and are checked as those are: {@code X-Postject-Tag}, {@code X-Postject-Metadata-<key>},
 * {@code X-Postject-Track-Opens}, {@code X-Postject-Track-Clicks} ({@code true} or {@code false})
 * and {@code X-Postject-Idempotency-Key}, each once. Any other {@code X-Postject-} field is refused,
 * as an unknown field of a request is.
 */
final class PostjectFields {
    static final String PREFIX = "x-postject-";
    private static final String METADATA = PREFIX + "metadata-";

    String tag;
    final Map<String, String> metadata = new LinkedHashMap<>();
    Boolean trackOpens;
    Boolean trackClicks;
    String idempotencyKey;

    static boolean isOne(Field field) {
        return field.name().toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /** Reads one of the fields; throws the refusal of a field given twice or holding what it may not. */
    void read(Field field) {
        String lower = field.name().toLowerCase(Locale.ROOT);
        String value = decoded(field.value());
        HeaderRules.requireText(value, field.name());
        switch (lower) {
            case PREFIX + "tag" -> {
                if (tag != null || value.length() > OutgoingEmail.MAX_TAG) {
                    throw invalid("invalid_tag", "One X-Postject-Tag of at most 100 characters.", "tag");
                }
                tag = value;
            }
            case PREFIX + "track-opens" -> trackOpens = flag(field, value, trackOpens);
            case PREFIX + "track-clicks" -> trackClicks = flag(field, value, trackClicks);
            case PREFIX + "idempotency-key" -> {
                if (idempotencyKey != null) {
                    throw invalid("invalid_idempotency_key", "One X-Postject-Idempotency-Key.", "Idempotency-Key");
                }
                idempotencyKey = value;
            }
            default -> {
                String key = field.name().substring(Math.min(field.name().length(), METADATA.length()));
                if (!lower.startsWith(METADATA) || key.isEmpty()) {
                    throw invalid("unknown_header", "Postject knows no header '" + field.name() + "'.", "headers");
                }
                if (metadata.keySet().stream().anyMatch(key::equalsIgnoreCase)) {
                    throw invalid("invalid_metadata", "Metadata key '" + key + "' is given twice.", "metadata");
                }
                metadata.put(key, value);
                OutgoingEmail.metadata(metadata);
            }
        }
    }

    private static Boolean flag(Field field, String value, Boolean already) {
        if (already != null || !(value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))) {
            throw invalid("invalid_value", "'" + field.name() + "' is given once, true or false.", field.name());
        }
        return Boolean.parseBoolean(value.toLowerCase(Locale.ROOT));
    }

    /** A field's value with its encoded-words (RFC 2047) decoded. */
    static String decoded(String value) {
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException e) {
            return value;
        }
    }

    private static Refusal invalid(String code, String message, String field) {
        return new Refusal.Invalid(code, message, field);
    }
}
