package dev.postject.service.mail.reports;

import java.time.Instant;
import java.util.Objects;

/**
 * What a delivery status notification says about one recipient (RFC 3464 section 2.3).
 *
 * @param finalRecipient the address the report is about ({@code Final-Recipient} without its
 *     {@code rfc822;} type and angle brackets; {@code Original-Recipient} when that is all there is)
 * @param originalRecipient {@code Original-Recipient}, the address as first given; null when absent
 * @param action what the server did: failed (a bounce), delayed, delivered ...
 * @param status the enhanced status code ({@code 5.1.1}) from {@code Status}, or found in the
 *     diagnostic text when the report has no {@code Status}; null when neither says
 * @param diagnosticCode the remote server's reply, when the report quotes it; null when absent
 * @param remoteMta the server that gave that reply, without its {@code dns;} type; null when absent
 * @param lastAttemptDate {@code Last-Attempt-Date}; null when absent or unreadable
 */
public record DsnRecipient(
        String finalRecipient,
        String originalRecipient,
        DsnAction action,
        String status,
        DiagnosticCode diagnosticCode,
        String remoteMta,
        Instant lastAttemptDate) {
    public DsnRecipient {
        Objects.requireNonNull(finalRecipient, "finalRecipient");
        Objects.requireNonNull(action, "action");
    }

    /** The SMTP reply code the diagnostic quotes ({@code 550}); 0 when it quotes none. */
    public int smtpCode() {
        return diagnosticCode == null ? 0 : StatusCodes.replyCodeIn(diagnosticCode.text());
    }

    /** The bounce type and subtype of this recipient's outcome, from its status code and diagnostic text. */
    public BounceClassification classification() {
        return BounceClassifier.classify(smtpCode(), status, diagnosticCode == null ? null : diagnosticCode.text());
    }
}
