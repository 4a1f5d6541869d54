package dev.postject.service.mail.reports;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A feedback report (ARF, RFC 5965): a mailbox provider passing on what one of its users said about
 * a message, usually "this is spam". Providers redact: the recipient may be missing or masked
 * everywhere, so the original's {@code Message-ID} and {@code Return-Path} are what ties it to an email.
 *
 * @param feedbackType {@code Feedback-Type}
 * @param userAgent {@code User-Agent}: the software that made the report; null when absent
 * @param version {@code Version}; null when absent
 * @param originalMailFrom {@code Original-Mail-From}, without angle brackets; null when absent
 * @param originalRcptTo every {@code Original-Rcpt-To}, without angle brackets (often none: redacted)
 * @param arrivalDate {@code Arrival-Date} (or the older {@code Received-Date}); null when absent or unreadable
 * @param reportedDomains every {@code Reported-Domain}
 * @param sourceIp {@code Source-IP}: the address the message came from; null when absent
 * @param original the reported message or its header (part 3), when included
 */
public record Complaint(
        FeedbackType feedbackType,
        String userAgent,
        String version,
        String originalMailFrom,
        List<String> originalRcptTo,
        Instant arrivalDate,
        List<String> reportedDomains,
        String sourceIp,
        Optional<OriginalMessage> original)
        implements DeliveryReport {
    public Complaint {
        Objects.requireNonNull(feedbackType, "feedbackType");
        originalRcptTo = List.copyOf(originalRcptTo);
        reportedDomains = List.copyOf(reportedDomains);
        Objects.requireNonNull(original, "original");
    }
}
