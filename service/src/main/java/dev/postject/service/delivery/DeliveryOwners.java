package dev.postject.service.delivery;

import dev.postject.service.mail.DevSmtpServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Which account a message the embedded SMTP server received belongs to, from Postject's own
 * records rather than anything a sender writes: the message must be, byte for byte as SMTP carries
 * it ({@link #canonical}), the one Postject stored for delivery to that recipient (the email's
 * content, or the recipient's own copy of it) under the message's one {@code Message-ID}, and come
 * with that email's envelope sender. Message-IDs prove nothing (a client submitting over SMTP
 * chooses its own), so the id only finds the candidates; the stored bytes decide, and a message
 * that several accounts' stored emails match belongs to no one.
 */
public final class DeliveryOwners implements DevSmtpServer.Owners {
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    private final Jdbi jdbi;

    public DeliveryOwners(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<String> accountOf(String envelopeFrom, String recipient, byte[] data) {
        byte[] received = canonical(data);
        return messageIdOf(data).flatMap(messageId -> {
            Set<String> accounts = new HashSet<>();
            jdbi.useHandle(h -> h.createQuery("SELECT c.account_id, coalesce(r.mime, c.mime) FROM email_contents c"
                            + " LEFT JOIN email_recipient_contents r ON r.email_id = c.email_id"
                            + " AND lower(r.recipient) = :to WHERE c.message_id = :messageId"
                            + " AND lower(c.envelope_from) = :from")
                    .bind("messageId", messageId)
                    .bind("from", lower(envelopeFrom))
                    .bind("to", lower(recipient))
                    .map((rs, ctx) -> Arrays.equals(canonical(rs.getBytes(2)), received) ? rs.getString(1) : null)
                    .forEach(account -> {
                        if (account != null) {
                            accounts.add(account);
                        }
                    }));
            return accounts.size() == 1 ? Optional.of(accounts.iterator().next()) : Optional.empty();
        });
    }

    /**
     * A message as SMTP carries it: every line ending CRLF (a lone CR or LF becomes one) and a line
     * break before the final dot.
     */
    static byte[] canonical(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r' || b == '\n') {
                out.write('\r');
                out.write('\n');
                if (b == '\r' && i + 1 < message.length && message[i + 1] == '\n') {
                    i++;
                }
            } else {
                out.write(b);
            }
        }
        byte[] bytes = out.toByteArray();
        int n = bytes.length;
        if (n >= 2 && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
            return bytes;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    private static String lower(String address) {
        return address == null ? "" : address.toLowerCase(Locale.ROOT);
    }

    /** The message's Message-ID, {@code <...>}; empty unless it has exactly one, holding one id. */
    static Optional<String> messageIdOf(byte[] data) {
        List<String> values = new ArrayList<>();
        StringBuilder header = new StringBuilder();
        for (String line : headerSection(data).split("\r?\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                header.append(line); // a folded line of the header before
                continue;
            }
            messageId(header).ifPresent(values::add);
            header = new StringBuilder(line);
        }
        messageId(header).ifPresent(values::add);
        String id = values.size() == 1 ? values.get(0).strip() : null;
        return id != null && MESSAGE_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    /** The message up to the empty line that ends its headers: the body is never read. */
    private static String headerSection(byte[] data) {
        if (data.length > 0 && (data[0] == '\n' || (data[0] == '\r' && data.length > 1 && data[1] == '\n'))) {
            return ""; // no headers at all
        }
        int end = data.length;
        for (int i = 0; i + 1 < data.length; i++) {
            if (data[i] == '\n'
                    && (data[i + 1] == '\n' || (data[i + 1] == '\r' && i + 2 < data.length && data[i + 2] == '\n'))) {
                end = i;
                break;
            }
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    /** The value of a Message-ID header, or empty for any other header. */
    private static Optional<String> messageId(StringBuilder header) {
        int colon = header.indexOf(":");
        return colon > 0 && header.substring(0, colon).strip().equalsIgnoreCase("Message-ID")
                ? Optional.of(header.substring(colon + 1))
                : Optional.empty();
    }
}
