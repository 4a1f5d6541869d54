package dev.postject.service.inbound;

import dev.postject.service.mail.reports.Complaint;
import dev.postject.service.mail.reports.OriginalMessage;
import dev.postject.service.platform.text.Addresses;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The email and recipient of a complaint that carries no VERP token (a redacted report sent to a
 * plain address at the bounce domain), found by the {@code Message-ID} of the attached original.
 *
 * <p>A Message-ID proves little: anyone who saw the message knows it, and a client submitting over
 * SMTP chooses its own, so one account could give its messages another account's Message-ID. So:
 * <ul>
 *   <li>The Message-ID must belong to exactly one email Postject stored; two or more (copied, or a
 *       client reusing ids) make it nobody's.
 *   <li>A Message-ID Postject assigned itself ({@code <msg_...@domain>}, the email's own id) names
 *       that email: its id is a 143-bit random value nobody else chose.
 *   <li>A Message-ID the client chose counts only if the original's {@code From} is that email's
 *       From address too, so that a report about one sender's message cannot reach an email of
 *       another's that happens to share its id.
 * </ul>
 * The recipient is the one of the email's recipients that the report names ({@code Original-Rcpt-To},
 * else the original's {@code To}), or the email's only recipient; when it stays ambiguous, none.
 */
final class ComplaintOwners {
    private static final Pattern OWN_MESSAGE_ID = Pattern.compile("<(msg_[0-9A-Za-z]{24})@[^<>@\\s]+>");

    private final SentEmails emails;

    ComplaintOwners(SentEmails emails) {
        this.emails = emails;
    }

    /** The email and recipient the complaint is about, if its Message-ID and recipient identify them. */
    Optional<Credit> byMessageId(Complaint complaint) {
        Optional<OriginalMessage> original = complaint.original();
        String messageId =
                original.map(OriginalMessage::messageId).map(String::strip).orElse(null);
        if (messageId == null || messageId.isEmpty() || messageId.length() > 998) {
            return Optional.empty();
        }
        List<SentEmails.Sent> sent = emails.byMessageId(messageId);
        if (sent.size() != 1) {
            return Optional.empty();
        }
        SentEmails.Sent email = sent.get(0);
        if (!ownedBy(messageId, email, original.get())) {
            return Optional.empty();
        }
        return recipient(complaint, original.get(), emails.recipients(email.emailId()))
                .map(recipient -> new Credit(email.emailId(), recipient));
    }

    private static boolean ownedBy(String messageId, SentEmails.Sent email, OriginalMessage original) {
        var own = OWN_MESSAGE_ID.matcher(messageId);
        if (own.matches()) {
            return own.group(1).equals(email.emailId());
        }
        return original.from() != null
                && email.from() != null
                && Addresses.key(original.from()).equals(Addresses.key(email.from()));
    }

    private static Optional<String> recipient(Complaint complaint, OriginalMessage original, List<String> recipients) {
        Optional<String> named = oneOf(recipients, complaint.originalRcptTo());
        if (named.isPresent()) {
            return named;
        }
        if (original.to() != null) {
            named = oneOf(recipients, List.of(original.to().split(",")));
            if (named.isPresent()) {
                return named;
            }
        }
        List<String> distinct =
                recipients.stream().map(Addresses::key).distinct().toList();
        return distinct.size() == 1 ? Optional.of(recipients.get(0)) : Optional.empty();
    }

    /** The one of {@code recipients} that {@code claimed} names, if exactly one. */
    private static Optional<String> oneOf(List<String> recipients, List<String> claimed) {
        List<String> keys = claimed.stream()
                .filter(c -> c != null && !c.isBlank())
                .map(c -> Addresses.key(c.strip()))
                .toList();
        List<String> matching =
                recipients.stream().filter(r -> keys.contains(Addresses.key(r))).toList();
        return matching.stream().map(Addresses::key).distinct().count() == 1
                ? Optional.of(matching.get(0))
                : Optional.empty();
    }
}
