package dev.postject.service.delivery;

import dev.postject.service.mail.DevSmtpServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Which account a message the embedded SMTP server received belongs to, from Postject's own
 * records rather than anything a sender writes: the message's one {@code Message-ID} names the
 * email ({@code <msg_...@domain>}; Postject writes it and no account can set that header), and
 * {@code email_contents} says whose email that is and from which envelope sender it is sent,
 * which must be the one the message came with.
 */
public final class DeliveryOwners implements DevSmtpServer.Owners {
    private static final Pattern MESSAGE_ID = Pattern.compile("\\s*<(msg_[A-Za-z0-9]{1,64})@[^<>\\s]+>\\s*");

    private final Jdbi jdbi;

    public DeliveryOwners(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<String> accountOf(String envelopeFrom, byte[] data) {
        return emailIdOf(data)
                .flatMap(emailId -> jdbi.withHandle(h -> h.createQuery(
                                "SELECT account_id FROM email_contents WHERE email_id = :id AND lower(envelope_from) = :from")
                        .bind("id", emailId)
                        .bind("from", envelopeFrom == null ? "" : envelopeFrom.toLowerCase(Locale.ROOT))
                        .mapTo(String.class)
                        .findOne()));
    }

    /** The email id in the message's Message-ID header; empty unless there is exactly one, Postject's. */
    static Optional<String> emailIdOf(byte[] data) {
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
        Matcher id = values.size() == 1 ? MESSAGE_ID.matcher(values.get(0)) : null;
        return id != null && id.matches() ? Optional.of(id.group(1)) : Optional.empty();
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
        return new String(data, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** The value of a Message-ID header, or empty for any other header. */
    private static Optional<String> messageId(StringBuilder header) {
        int colon = header.indexOf(":");
        return colon > 0 && header.substring(0, colon).strip().equalsIgnoreCase("Message-ID")
                ? Optional.of(header.substring(colon + 1))
                : Optional.empty();
    }
}
