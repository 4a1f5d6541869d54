package dev.postject.service.sending;

import dev.postject.service.platform.errors.Refusal;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The header section of a whole message (RFC 5322), field by field exactly as written, folding
 * kept, and the rest of the message (the empty line and the body) as bytes never looked at. Only
 * sound header sections are read: lines of at most 998 characters ending in CRLF, no control
 * characters but tab, UTF-8 text (RFC 6532), and every line a field or the continuation of one.
 */
final class MessageHeaders {
    /** One header field: its name as written, and its lines as written (CRLF between them, none at the end). */
    record Field(String name, String raw) {
        boolean is(String lowerCaseName) {
            return name.toLowerCase(Locale.ROOT).equals(lowerCaseName);
        }

        /** The value, unfolded (line breaks removed) and without surrounding whitespace. */
        String value() {
            return raw.substring(raw.indexOf(':') + 1).replace("\r\n", "").strip();
        }
    }

    private final List<Field> fields;
    private final byte[] rest;

    private MessageHeaders(List<Field> fields, byte[] rest) {
        this.fields = fields;
        this.rest = rest;
    }

    static MessageHeaders parse(byte[] message) {
        int end = 0; // where the header section ends: after the CRLF of its last line
        List<String> lines = new ArrayList<>();
        while (end < message.length) {
            int eol = lineEnd(message, end);
            if (eol == end) {
                break; // the empty line: the body follows
            }
            lines.add(line(message, end, eol));
            end = Math.min(message.length, eol + 2);
        }
        List<Field> fields = new ArrayList<>();
        for (String line : lines) {
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (fields.isEmpty()) {
                    throw malformed("The message starts with a folded line instead of a header field.");
                }
                Field previous = fields.remove(fields.size() - 1);
                fields.add(new Field(previous.name(), previous.raw() + "\r\n" + line));
            } else {
                fields.add(new Field(name(line), line));
            }
        }
        return new MessageHeaders(fields, Arrays.copyOfRange(message, end, message.length));
    }

    List<Field> fields() {
        return List.copyOf(fields);
    }

    List<Field> all(String lowerCaseName) {
        return fields.stream().filter(f -> f.is(lowerCaseName)).toList();
    }

    /** Removes the fields that match, and answers them. */
    List<Field> remove(Predicate<Field> which) {
        List<Field> removed = fields.stream().filter(which).toList();
        fields.removeAll(removed);
        return removed;
    }

    /** The message: its header fields as written, then {@code added} fields (each one line), then the rest. */
    byte[] write(List<String> added) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rest.length + 4096);
        for (Field field : fields) {
            out.writeBytes((field.raw() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (String field : added) {
            out.writeBytes((field + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(rest);
        return out.toByteArray();
    }

    /** The index of the CR of the line's CRLF (the message's end when it has none). */
    private static int lineEnd(byte[] message, int start) {
        for (int i = start; i < message.length; i++) {
            if (message[i] == '\r' && i + 1 < message.length && message[i + 1] == '\n') {
                return i;
            }
        }
        return message.length;
    }

    private static String line(byte[] message, int start, int end) {
        for (int i = start; i < end; i++) {
            int b = message[i] & 0xff;
            if ((b < 0x20 && b != '\t') || b == 0x7f) {
                throw malformed("A header line holds a control character or a bare line break.");
            }
        }
        try {
            String line = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message, start, end - start))
                    .toString();
            if (line.length() > HeaderRules.MAX_LINE) {
                throw new Refusal.Invalid(
                        "header_too_long",
                        "A header line is longer than " + HeaderRules.MAX_LINE + " characters (RFC 5322 2.1.1).",
                        "headers");
            }
            return line;
        } catch (CharacterCodingException e) {
            throw malformed("The header section is not UTF-8 text.");
        }
    }

    /** The field name: printable ASCII but the colon, up to the colon (RFC 5322 3.6.8). */
    private static String name(String line) {
        int colon = line.indexOf(':');
        String name = colon < 0 ? "" : line.substring(0, colon).stripTrailing();
        if (name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw malformed("A header line is neither a field ('Name: value') nor the continuation of one.");
        }
        return name;
    }

    static Refusal malformed(String message) {
        return new Refusal.Invalid("malformed_message", message, "message");
    }
}
