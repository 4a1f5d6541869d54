package dev.postject.service.mail.reports;

/** The structure a delivery status notification was recognised by. */
public enum DsnForm {
    /**
     * {@code multipart/report; report-type=delivery-status} with a {@code message/delivery-status}
     * part (RFC 3464): Postfix, Exim 4.9x, Sendmail, Microsoft Exchange 2010+ and Office 365, Gmail.
     */
    RFC_3464
}
