package dev.postject.service.mail.reports;

import java.util.Locale;
import java.util.Objects;

/** A message that is neither a delivery status notification nor a complaint, and why it was taken for none. */
public record NotAReport(Reason reason) implements DeliveryReport {
    public NotAReport {
        Objects.requireNonNull(reason, "reason");
    }

    public enum Reason {
        /** An out-of-office or other automatic reply (RFC 3834 {@code Auto-Submitted}, vacation headers and subjects). */
        AUTO_REPLY,
        /** A {@code multipart/report} of another kind: a read receipt, a TLS report. */
        OTHER_REPORT,
        /** A message, well formed, that reports nothing. */
        ORDINARY_MESSAGE,
        /** Nothing readable: empty, binary, or no header at all. */
        UNREADABLE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
