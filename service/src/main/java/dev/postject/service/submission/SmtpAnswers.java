package dev.postject.service.submission;

import dev.postject.service.mail.server.SmtpReply;
import dev.postject.service.platform.errors.Refusal;

/**
 * The send path's refusals in SMTP's terms (RFC 5321 reply codes, RFC 3463 enhanced codes), each
 * with Postject's error code and message so a client's log says what HTTP's JSON would.
 */
final class SmtpAnswers {
    private SmtpAnswers() {}

    static SmtpReply of(Refusal refusal) {
        String text = refusal.code() + ": " + refusal.getMessage();
        if (refusal.details().get("recipients") instanceof java.util.List<?> recipients) {
            text += " Refused: "
                    + String.join(", ", recipients.stream().map(String::valueOf).toList()) + ".";
        }
        if (refusal instanceof Refusal.RateLimited limited) {
            text += " Try again in " + limited.retryAfterSeconds() + " s.";
        }
        return switch (refusal.code()) {
            case "sender_not_verified", "sandbox_recipient_not_allowed" -> new SmtpReply(550, "5.7.1", text);
            // permanent, not 4xx: a client would queue and retry for days, and the app never hear of it
            case "sending_paused" -> new SmtpReply(550, "5.7.1", text);
            case "recipients_suppressed" -> new SmtpReply(550, "5.1.1", text);
            case "email_too_large" -> new SmtpReply(552, "5.3.4", text);
            case "invalid_address" -> new SmtpReply(553, "5.1.3", text);
            // the account's or the credential's sends per minute: RFC 3463's "delivery not authorized", for now
            case "too_many_sends" -> new SmtpReply(451, "4.7.1", text);
            default -> {
                if (refusal instanceof Refusal.RateLimited) {
                    yield new SmtpReply(450, "4.7.1", text);
                } else if (refusal instanceof Refusal.Forbidden || refusal instanceof Refusal.NotFound) {
                    yield new SmtpReply(550, "5.7.1", text);
                } else if (refusal instanceof Refusal.Conflict) {
                    yield new SmtpReply(451, "4.3.0", text);
                }
                yield new SmtpReply(550, "5.6.0", text);
            }
        };
    }
}
