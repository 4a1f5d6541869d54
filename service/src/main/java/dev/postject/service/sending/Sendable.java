package dev.postject.service.sending;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An email checked and ready to queue, whichever way it came in (a request's fields, or a whole
 * message submitted over SMTP): what its {@code EmailQueued} records, and its MIME message.
 */
interface Sendable {
    /** The From header, display name included. */
    String from();

    /** The From header's bare address: its domain signs the message and names an assigned Message-ID. */
    String fromAddress();

    /** Where bounces go: the From address unless the way in gave an envelope sender of its own. */
    default String envelopeFrom() {
        return fromAddress();
    }

    List<String> to();

    List<String> cc();

    List<String> bcc();

    /** Every recipient's bare address, in to, cc, bcc order. */
    List<String> envelope();

    String subject();

    String tag();

    Map<String, String> metadata();

    /** Null: the account's default. */
    Boolean trackOpens();

    Boolean trackClicks();

    /** The Message-ID the sender gave its message; null: Postject assigns one. */
    default String messageId() {
        return null;
    }

    /** Whether the message has HTML that tracking would rewrite. */
    boolean hasHtml();

    /**
     * The message as stored and sent, under this Message-ID and date, with each HTML part rewritten
     * by {@code html} (null: as it is).
     */
    byte[] mime(String messageId, Instant date, UnaryOperator<String> html);
}
