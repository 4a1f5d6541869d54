package dev.postject.service.mail.reports;

/** The structure a delivery status notification was recognised by. */
public enum DsnForm {
    /**
     * {@code multipart/report; report-type=delivery-status} with a {@code message/delivery-status}
     * part (RFC 3464): Postfix, Exim 4.9x, Sendmail, Microsoft Exchange 2010+ and Office 365, Gmail.
     */
    RFC_3464,
    /** Older Microsoft Exchange text: "Remote Server returned '550 5.1.1 ...'", "#550 5.1.1 ... ##". */
    EXCHANGE_TEXT,
    /** qmail's plain text: "Hi. This is the qmail-send program at ...". */
    QMAIL,
    /** Exim's plain text: "This message was created automatically by mail delivery software." */
    EXIM,
    /** Postfix's notification text alone ("This is the mail system at host ..."), its report part lost. */
    POSTFIX_TEXT
}
