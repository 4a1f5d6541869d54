package dev.postject.service.mail.reports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * Reads a received message into {@link ReportPart}s with mime4j's streaming parser, in lenient
 * mode and within bounds: the first {@link DeliveryReports#MAX_INPUT_BYTES} bytes, multiparts
 * nested {@link DeliveryReports#MAX_DEPTH} deep (deeper ones are kept whole, unread), at most
 * {@link DeliveryReports#MAX_PARTS} parts, and the first {@link DeliveryReports#MAX_PART_BYTES}
 * bytes of each text or message body; other bodies are skipped. An attached message is not parsed
 * here: its body is kept, for its header. Whatever stops the parser (a line or header over
 * mime4j's limits, a broken boundary) leaves what was read before it.
 */
final class ReportReader {
    private static final MimeConfig LIMITS = MimeConfig.custom()
            .setStrictParsing(false)
            .setMaxLineLen(DeliveryReports.MAX_PART_BYTES)
            .setMaxHeaderLen(DeliveryReports.MAX_PART_BYTES)
            .setMaxHeaderCount(1000)
            .build();

    /** A part being read: completed into a {@link ReportPart} when its end is reached. */
    private static final class Open {
        final List<Fields.Field> fields = new ArrayList<>();
        final List<ReportPart> parts = new ArrayList<>();
        String mimeType = "text/plain";
        String charset;
        byte[] body = new byte[0];

        ReportPart close() {
            return new ReportPart(mimeType, charset, new Fields(fields), body, parts);
        }
    }

    private ReportReader() {}

    /** The message's parts, or null when not even a header could be read. */
    static ReportPart read(byte[] message) {
        int length = Math.min(message.length, DeliveryReports.MAX_INPUT_BYTES);
        MimeTokenStream stream =
                new MimeTokenStream(LIMITS, DecodeMonitor.SILENT, null); // null: mime4j's own descriptors
        stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
        stream.parse(new ByteArrayInputStream(message, 0, length));
        Deque<Open> open = new ArrayDeque<>();
        ReportPart root = null;
        int parts = 0;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_START_MESSAGE, T_START_BODYPART -> {
                        if (++parts > DeliveryReports.MAX_PARTS) {
                            return closeAll(open, root);
                        }
                        open.push(new Open());
                        // beyond the depth limit a part is one unread body, whatever its type
                        stream.setRecursionMode(
                                open.size() > DeliveryReports.MAX_DEPTH
                                        ? RecursionMode.M_FLAT
                                        : RecursionMode.M_NO_RECURSE);
                    }
                    case T_FIELD -> field(open.peek(), stream.getField());
                    case T_BODY -> body(open.peek(), stream);
                    case T_START_MULTIPART -> describe(open.peek(), stream.getBodyDescriptor());
                    case T_END_BODYPART, T_END_MESSAGE -> {
                        ReportPart done = open.pop().close();
                        if (open.isEmpty()) {
                            root = done;
                        } else {
                            open.peek().parts.add(done);
                        }
                        stream.setRecursionMode(
                                open.size() >= DeliveryReports.MAX_DEPTH
                                        ? RecursionMode.M_FLAT
                                        : RecursionMode.M_NO_RECURSE);
                    }
                    default -> {
                        // preamble, epilogue, header boundaries: nothing to keep
                    }
                }
            }
        } catch (MimeException | IOException | RuntimeException unreadable) {
            // mime4j's lenient mode still stops at some inputs (a line beyond the limit, a boundary
            // too long, a truncated encoding): keep what was read until then
            return closeAll(open, root);
        }
        return root != null ? root : closeAll(open, null);
    }

    private static void field(Open part, Field field) {
        if (part != null && part.fields.size() < 1000) {
            part.fields.add(new Fields.Field(field.getName(), Fields.clean(nullToEmpty(field.getBody()))));
        }
    }

    private static void describe(Open part, BodyDescriptor descriptor) {
        if (part != null && descriptor != null) {
            part.mimeType = descriptor.getMimeType().toLowerCase(Locale.ROOT);
            part.charset = descriptor.getCharset();
        }
    }

    private static void body(Open part, MimeTokenStream stream) throws IOException {
        if (part == null) {
            return;
        }
        describe(part, stream.getBodyDescriptor());
        if (stream.getRecursionMode() == RecursionMode.M_FLAT) {
            part.mimeType = "application/octet-stream"; // beyond the depth limit: not read
            return;
        }
        if (part.mimeType.startsWith("text/") || part.mimeType.startsWith("message/")) {
            try (InputStream decoded = stream.getDecodedInputStream()) {
                part.body = decoded.readNBytes(DeliveryReports.MAX_PART_BYTES);
            }
        }
    }

    /** The parts read so far, the open ones closed as they are: the outermost, or {@code root} when all were. */
    private static ReportPart closeAll(Deque<Open> open, ReportPart root) {
        ReportPart done = root;
        while (!open.isEmpty()) {
            done = open.pop().close();
            if (!open.isEmpty()) {
                open.peek().parts.add(done);
            }
        }
        return done;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
