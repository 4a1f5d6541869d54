package dev.postject.service.mail.reports;

import java.util.Locale;

/** What went wrong with a delivery, in more detail than its {@link BounceType}. */
public enum BounceSubtype {
    /** The mailbox does not exist (X.1.1; "user unknown", "no such user", "does not exist"). */
    MAILBOX_UNKNOWN,
    /** The domain does not exist or takes no mail (X.1.2; X.1.10 null MX, RFC 7505; 5.4.4 "host not found"). */
    DOMAIN_UNKNOWN,
    /** The mailbox exists but is disabled or closed (X.2.1; "disabled", "inactive", "suspended"). */
    MAILBOX_DISABLED,
    /** The mailbox is over its quota (X.2.2; "over quota", "mailbox full"). */
    MAILBOX_FULL,
    /** This message is larger than the receiver takes (X.3.4, X.2.3). */
    MESSAGE_TOO_LARGE,
    /** Refused by the receiver's policy: authentication (SPF, DKIM, DMARC), reverse DNS, the sender address (X.7.x). */
    POLICY,
    /** The content was taken for spam, phishing or malware. */
    SPAM_CONTENT,
    /** The sending IP or domain is on a blocklist ("blocked using", "spamhaus", "listed at"). */
    BLOCKLISTED,
    /** The sender's reputation is too poor ("reputation", "unusual rate of unsolicited mail from your IP"). */
    REPUTATION,
    /** The server does not take mail for that domain from us ("relay access denied", X.7.1 with relaying). */
    RELAY_DENIED,
    /** A DNS lookup failed for now (X.4.3; "name service error", "try again"). */
    DNS_FAILURE,
    /** No answer, a lost or refused connection, or the delivery took too long (X.4.1, X.4.2, X.4.7). */
    TIMEOUT,
    /** The receiver throttles the sender: too many connections or messages (421, 4.7.0, X.4.5). */
    TOO_MANY_CONNECTIONS,
    /** Greylisting: a first attempt refused on purpose, to be retried (4.7.1 / 450 / 451 with such text). */
    GREYLISTED,
    /** None of the above, or nothing said. */
    OTHER;

    /** The name in events, the API and webhooks: {@code mailbox_unknown}, ... */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
