package dev.postject.service.sending;

import dev.postject.service.mail.MimeComposer;
import dev.postject.service.mail.MimeParts;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Addresses;
import dev.postject.service.sending.MessageHeaders.Field;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * An email submitted as a whole message (RFC 5322, over SMTP), checked under the rules of a
 * request's fields where they make sense for a whole message: one {@code From} whose address the
 * send rules judge like a request's {@code from}; each field once that RFC 5322 allows once; no
 * header that fakes a route or claims an authentication result ({@link HeaderRules}); sound header
 * lines ({@link MessageHeaders}); a readable MIME structure; at most {@link OutgoingEmail#MAX_BYTES}.
 *
 * A {@code Sender} field may name only the From address or the envelope sender.
 *
 * <p>The recipients are the envelope's; each is listed under {@code to} or {@code cc} when the
 * header of that name holds it, else under {@code bcc}. What is stored and sent is the message as
 * given, but for: its {@code Bcc} fields removed; Postject's own fields ({@code X-Postject-Tag},
 * {@code X-Postject-Metadata-<key>}, {@code X-Postject-Track-Opens}, {@code X-Postject-Track-Clicks},
 * {@code X-Postject-Idempotency-Key}) read, checked as a request's fields are, and removed; a
 * {@code Message-ID} and a {@code Date} added when it has none; and, when tracked, its HTML parts
 * rewritten per recipient.
 */
public final class SubmittedMessage implements Sendable {
    private static final Set<String> ONCE = Set.of(
            "from",
            "sender",
            "reply-to",
            "to",
            "cc",
            "subject",
            "date",
            "message-id",
            "in-reply-to",
            "references",
            "mime-version",
            "content-type",
            "content-transfer-encoding");
    private static final Pattern MESSAGE_ID = Pattern.compile("<[!-;=?-~&&[^<>@]]+@[!-;=?-~&&[^<>@]]+>");

    private final MessageHeaders headers;
    private final String from;
    private final String fromAddress;
    private final String envelopeFrom;
    private final List<String> to = new ArrayList<>();
    private final List<String> cc = new ArrayList<>();
    private final List<String> bcc = new ArrayList<>();
    private final String subject;
    private final String messageId;
    private final boolean dated;
    private final boolean hasHtml;
    private final PostjectFields own = new PostjectFields();

    private SubmittedMessage(MessageHeaders headers, String envelopeFrom, List<String> recipients, byte[] message) {
        this.headers = headers;
        this.envelopeFrom = envelopeFrom;
        for (Field field : headers.fields()) {
            String lower = field.name().toLowerCase(Locale.ROOT);
            if (ONCE.contains(lower) && headers.all(lower).size() > 1) {
                throw MessageHeaders.malformed("The message has more than one '" + field.name() + "' field.");
            }
            String reason = HeaderRules.refusedInMessage(field.name());
            if (reason != null) {
                throw new Refusal.Invalid(
                        "header_not_allowed",
                        "Header '" + field.name() + "' cannot be set: " + reason + ".",
                        "headers");
            }
        }
        InternetAddress sender = sender(headers.all("from"));
        this.from = sender.toUnicodeString();
        this.fromAddress = sender.getAddress();
        for (Field field : headers.all("sender")) {
            String address = sender(List.of(field)).getAddress();
            if (!address.equalsIgnoreCase(fromAddress) && !address.equalsIgnoreCase(envelopeFrom)) {
                throw new Refusal.Invalid(
                        "invalid_address", "'Sender' may only name the From address or the envelope sender.", "from");
            }
        }
        this.subject = headers.all("subject").stream()
                .map(field -> PostjectFields.decoded(field.value()))
                .findFirst()
                .orElse("");
        HeaderRules.requireText(subject, "subject");
        this.messageId =
                headers.all("message-id").stream().map(Field::value).findFirst().orElse(null);
        if (messageId != null && !MESSAGE_ID.matcher(messageId).matches()) {
            throw MessageHeaders.malformed("'Message-ID' must be one message id such as <id@example.com>.");
        }
        this.dated = !headers.all("date").isEmpty();
        classify(recipients, keys(headers.all("to")), keys(headers.all("cc")));
        headers.remove(field -> field.is("bcc"));
        headers.remove(PostjectFields::isOne).forEach(own::read);
        try {
            this.hasHtml = MimeParts.htmlParts(message) > 0;
        } catch (IllegalArgumentException e) {
            throw MessageHeaders.malformed(e.getMessage());
        }
    }

    /**
     * The message as the client sent it, with the envelope: its sender ({@code MAIL FROM}) and
     * recipients ({@code RCPT TO}), bare addresses. Throws the {@link Refusal} of a message the rules
     * refuse.
     */
    public static SubmittedMessage parse(String envelopeFrom, List<String> recipients, byte[] message) {
        if (message.length > OutgoingEmail.MAX_BYTES) {
            throw new Refusal.Invalid("email_too_large", "A message may hold at most 10 MB.", "message");
        }
        if (recipients.isEmpty() || recipients.size() > OutgoingEmail.MAX_RECIPIENTS) {
            throw new Refusal.Invalid(
                    "too_many_recipients", "1 to " + OutgoingEmail.MAX_RECIPIENTS + " recipients.", "to");
        }
        for (String address : List.copyOf(recipients)) {
            requireAddress(address, "to");
        }
        requireAddress(envelopeFrom, "from");
        return new SubmittedMessage(MessageHeaders.parse(message), envelopeFrom, recipients, message);
    }

    /** The {@code X-Postject-Idempotency-Key} the message gave; null without one. */
    public String idempotencyKey() {
        return own.idempotencyKey;
    }

    @Override
    public byte[] mime(String assignedMessageId, Instant date, UnaryOperator<String> html) {
        List<String> added = new ArrayList<>();
        if (messageId == null) {
            added.add("Message-ID: " + assignedMessageId);
        }
        if (!dated) {
            added.add("Date: " + MimeComposer.date(date));
        }
        byte[] message = headers.write(added);
        return html == null || !hasHtml ? message : MimeParts.rewriteHtml(message, html);
    }

    private static InternetAddress sender(List<Field> from) {
        if (from.isEmpty()) {
            throw MessageHeaders.malformed("The message has no 'From' field.");
        }
        try {
            InternetAddress[] addresses =
                    InternetAddress.parseHeader(from.get(0).value(), true);
            if (addresses.length == 1
                    && !addresses[0].isGroup()
                    && addresses[0].getAddress().length() <= OutgoingEmail.MAX_ADDRESS
                    && addresses[0].getAddress().matches(Addresses.PATTERN)) {
                return addresses[0];
            }
        } catch (AddressException e) {
            // refused below
        }
        throw new Refusal.Invalid("invalid_address", "'From' must be one valid email address.", "from");
    }

    /** The comparison keys of the addresses in these address fields (groups included). */
    private static Set<String> keys(List<Field> fields) {
        Set<String> keys = new HashSet<>();
        for (Field field : fields) {
            try {
                for (InternetAddress address : InternetAddress.parseHeader(field.value(), false)) {
                    InternetAddress[] members = address.isGroup() ? address.getGroup(false) : null;
                    for (InternetAddress member : members == null ? new InternetAddress[] {address} : members) {
                        if (member.getAddress() != null) {
                            keys.add(Addresses.key(member.getAddress()));
                        }
                    }
                }
            } catch (AddressException e) {
                throw MessageHeaders.malformed("The '" + field.name() + "' field is not a list of addresses.");
            }
        }
        return keys;
    }

    private void classify(List<String> recipients, Set<String> toKeys, Set<String> ccKeys) {
        for (String recipient : recipients) {
            String key = Addresses.key(recipient);
            (toKeys.contains(key) ? to : ccKeys.contains(key) ? cc : bcc).add(recipient);
        }
    }

    private static void requireAddress(String address, String field) {
        if (address == null || address.length() > OutgoingEmail.MAX_ADDRESS || !address.matches(Addresses.PATTERN)) {
            throw invalid("invalid_address", "'" + address + "' is not an address Postject sends to or from.", field);
        }
    }

    private static Refusal invalid(String code, String message, String field) {
        return new Refusal.Invalid(code, message, field);
    }

    @Override
    public String from() {
        return from;
    }

    @Override
    public String fromAddress() {
        return fromAddress;
    }

    @Override
    public String envelopeFrom() {
        return envelopeFrom;
    }

    @Override
    public List<String> to() {
        return List.copyOf(to);
    }

    @Override
    public List<String> cc() {
        return List.copyOf(cc);
    }

    @Override
    public List<String> bcc() {
        return List.copyOf(bcc);
    }

    @Override
    public List<String> envelope() {
        List<String> all = new ArrayList<>(to);
        all.addAll(cc);
        all.addAll(bcc);
        return all;
    }

    @Override
    public String subject() {
        return subject;
    }

    @Override
    public String tag() {
        return own.tag;
    }

    @Override
    public Map<String, String> metadata() {
        return Map.copyOf(own.metadata);
    }

    @Override
    public Boolean trackOpens() {
        return own.trackOpens;
    }

    @Override
    public Boolean trackClicks() {
        return own.trackClicks;
    }

    @Override
    public String messageId() {
        return messageId;
    }

    @Override
    public boolean hasHtml() {
        return hasHtml;
    }
}
