package dev.postject.service.mail.reports;

import java.util.Set;

/**
 * Classifies a failed delivery from what the receiving server said, the same way for a reply
 * during the SMTP session and for a bounce that arrives later as a report.
 *
 * <p>The enhanced status code (RFC 3463) decides first, its class (4 temporary, 5 permanent) and
 * subject (1 address, 2 mailbox, 3 mail system, 4 network and routing, 5 protocol, 6 content,
 * 7 security and policy); a bare reply code stands in when there is none. The reply's words
 * decide second, and replace the code's reading except for the few codes servers use precisely
 * (X.1.1, X.1.2, X.1.7, X.1.8, X.2.2, X.2.3, X.3.4): catch-alls such as 5.7.1, 5.0.0, 5.5.0 and
 * 4.7.0 carry "user unknown", a blocklist or a greylist in their text, and Microsoft answers an
 * unknown recipient with 5.1.10 (null MX elsewhere) or 5.4.1.
 *
 * <table>
 * <caption>Subtypes, what gives them, and their type</caption>
 * <tr><th>subtype</th><th>codes</th><th>text (when the code is loose)</th><th>type</th></tr>
 * <tr><td>mailbox_unknown</td><td>X.1.1, X.1.3, X.1.6, 551, 553</td><td>user unknown, no such user,
 *     does not exist, mailbox unavailable, recipient not found</td><td>hard (soft if 4xx)</td></tr>
 * <tr><td>domain_unknown</td><td>5.1.2, 5.1.10, 5.4.4, 521, 556</td><td>domain not found, host not
 *     found, unrouteable address, null MX</td><td>hard (the same in a 4xx: dns_failure)</td></tr>
 * <tr><td>mailbox_disabled</td><td>X.2.1</td><td>disabled, inactive, suspended</td><td>hard (soft if 4xx)</td></tr>
 * <tr><td>mailbox_full</td><td>X.2.2, 552</td><td>over quota, mailbox full</td><td>soft</td></tr>
 * <tr><td>message_too_large</td><td>X.3.4, X.2.3</td><td>message size exceeds, too large</td><td>soft</td></tr>
 * <tr><td>dns_failure</td><td>X.4.3, 4.4.4, 4.1.2</td><td>name service error, DNS lookup failed</td><td>soft</td></tr>
 * <tr><td>timeout</td><td>X.4.1, X.4.2, X.4.7</td><td>timed out, connection refused, delivery time expired</td><td>soft</td></tr>
 * <tr><td>too_many_connections</td><td>4.7.0, X.4.5, 421</td><td>too many connections, rate limit,
 *     unexpected volume</td><td>soft</td></tr>
 * <tr><td>greylisted</td><td>(4.7.1, 450, 451 by text)</td><td>greylisted, graylisting</td><td>soft</td></tr>
 * <tr><td>policy</td><td>X.7.x, X.1.7, X.1.8, 530, 535, 571</td><td>policy, DMARC, SPF, PTR, sender
 *     address rejected</td><td>block</td></tr>
 * <tr><td>spam_content</td><td>(by text)</td><td>spam, unsolicited, content rejected, virus, phishing</td><td>block</td></tr>
 * <tr><td>blocklisted</td><td>(by text)</td><td>blocked using, spamhaus, listed at, block list, DNSBL</td><td>block</td></tr>
 * <tr><td>reputation</td><td>(by text)</td><td>reputation, unusual rate of unsolicited mail from your IP</td><td>block</td></tr>
 * <tr><td>relay_denied</td><td>(5.7.1 by text)</td><td>relay access denied, not permitted to relay</td><td>block</td></tr>
 * <tr><td>other</td><td>anything else</td><td></td><td>4xx soft; X.1.x hard; other 5xx and none undetermined</td></tr>
 * </table>
 *
 * <p>Why: hard is permanent and about the address, the only kind that suppresses it on its own.
 * A full mailbox or a too-large message says nothing against the address, so soft (suppressed
 * only when it keeps happening). Block is the receiver refusing us (our IP, domain, content or
 * authentication), temporary or not: holding it against the recipient would lose good addresses for
 * our own fault, so it never counts against the address. Relay denied is a block rather than a hard
 * bounce because a misconfigured relay answers it for every recipient. A 2xx is no bounce:
 * undetermined/other.
 */
public final class BounceClassifier {
    /** Characters of a reply's text that are read: replies are short, reports may quote anything. */
    private static final int TEXT_READ = 2000;

    /** Codes whose subject and detail servers use precisely, so the words do not override them. */
    private static final Set<String> PRECISE = Set.of("1.1", "1.2", "1.7", "1.8", "2.2", "2.3", "3.4");

    private enum Permanence {
        PERMANENT,
        TEMPORARY,
        SUCCESS,
        UNKNOWN
    }

    private BounceClassifier() {}

    /**
     * The type and subtype of a failed delivery.
     *
     * @param smtpCode the SMTP reply code ({@code 550}); 0 when there was none (no connection, or a
     *     report that quotes none)
     * @param enhancedStatus the enhanced status code ({@code 5.1.1}) when known separately (a report's
     *     {@code Status}); null to look for one in {@code text}
     * @param text the reply's text or the report's diagnostic; null when there is none
     */
    public static BounceClassification classify(int smtpCode, String enhancedStatus, String text) {
        String said = text == null ? "" : text.substring(0, Math.min(text.length(), TEXT_READ));
        String given = StatusCodes.enhanced(enhancedStatus);
        int code = smtpCode >= 200 && smtpCode <= 599 ? smtpCode : StatusCodes.replyCodeIn(said);
        String status = given != null ? given : StatusCodes.enhancedIn(said);
        Permanence permanence = given != null
                ? permanence(StatusCodes.classOf(given))
                : code > 0
                        ? permanence(code / 100)
                        : status != null ? permanence(StatusCodes.classOf(status)) : Permanence.UNKNOWN;
        if (permanence == Permanence.SUCCESS) {
            return new BounceClassification(BounceType.UNDETERMINED, BounceSubtype.OTHER);
        }
        BounceSubtype byCode = status != null ? byStatus(status, permanence) : code > 0 ? byReplyCode(code) : null;
        boolean precise = status != null && PRECISE.contains(status.substring(2));
        BounceSubtype byText = precise ? null : BounceTexts.subtypeOf(said);
        BounceSubtype subtype = byText != null ? byText : byCode != null ? byCode : BounceSubtype.OTHER;
        if (subtype == BounceSubtype.DOMAIN_UNKNOWN && byText != null && permanence == Permanence.TEMPORARY) {
            subtype = BounceSubtype.DNS_FAILURE; // "host not found, try again": the lookup failed, for now
        }
        return new BounceClassification(typeOf(subtype, permanence, status), subtype);
    }

    /**
     * The enhanced status code ({@code 5.1.1}) that {@link #classify} reads in a reply's text when it
     * is given none separately (the first one, as servers write it: {@code 550 5.1.1},
     * {@code #5.1.1}, ...), or null when the text has none.
     */
    public static String enhancedStatus(String text) {
        return text == null ? null : StatusCodes.enhancedIn(text.substring(0, Math.min(text.length(), TEXT_READ)));
    }

    private static Permanence permanence(int replyClass) {
        return switch (replyClass) {
            case 5 -> Permanence.PERMANENT;
            case 4 -> Permanence.TEMPORARY;
            case 2 -> Permanence.SUCCESS;
            default -> Permanence.UNKNOWN;
        };
    }

    /** What an enhanced status code's subject and detail mean (RFC 3463 section 3, RFC 7505 for X.1.10). */
    private static BounceSubtype byStatus(String status, Permanence permanence) {
        int subject = StatusCodes.subjectOf(status);
        int detail = StatusCodes.detailOf(status);
        return switch (subject) {
            case 1 ->
                switch (detail) {
                    case 1, 3, 6 -> BounceSubtype.MAILBOX_UNKNOWN;
                    case 2, 10 ->
                        permanence == Permanence.TEMPORARY ? BounceSubtype.DNS_FAILURE : BounceSubtype.DOMAIN_UNKNOWN;
                    case 7, 8 -> BounceSubtype.POLICY; // the sender's address, not the recipient's
                    default -> BounceSubtype.OTHER;
                };
            case 2 ->
                switch (detail) {
                    case 1 -> BounceSubtype.MAILBOX_DISABLED;
                    case 2 -> BounceSubtype.MAILBOX_FULL;
                    case 3 -> BounceSubtype.MESSAGE_TOO_LARGE;
                    default -> BounceSubtype.OTHER;
                };
            case 3 -> detail == 4 ? BounceSubtype.MESSAGE_TOO_LARGE : BounceSubtype.OTHER;
            case 4 ->
                switch (detail) {
                    case 1, 2, 7 -> BounceSubtype.TIMEOUT;
                    case 3 -> BounceSubtype.DNS_FAILURE;
                    case 4 ->
                        permanence == Permanence.TEMPORARY ? BounceSubtype.DNS_FAILURE : BounceSubtype.DOMAIN_UNKNOWN;
                    case 5 -> BounceSubtype.TOO_MANY_CONNECTIONS;
                    default -> BounceSubtype.OTHER;
                };
            case 7 ->
                detail == 0 && permanence == Permanence.TEMPORARY
                        ? BounceSubtype.TOO_MANY_CONNECTIONS
                        : BounceSubtype.POLICY;
            default -> BounceSubtype.OTHER;
        };
    }

    /** What a bare reply code means (RFC 5321 section 4.2.3, RFC 7504 for 521 and 556). */
    private static BounceSubtype byReplyCode(int code) {
        return switch (code) {
            case 421 -> BounceSubtype.TOO_MANY_CONNECTIONS;
            case 551, 553 -> BounceSubtype.MAILBOX_UNKNOWN;
            case 552 -> BounceSubtype.MAILBOX_FULL;
            case 521, 556 -> BounceSubtype.DOMAIN_UNKNOWN;
            case 530, 535, 571 -> BounceSubtype.POLICY;
            default -> BounceSubtype.OTHER;
        };
    }

    private static BounceType typeOf(BounceSubtype subtype, Permanence permanence, String status) {
        return switch (subtype) {
            case MAILBOX_UNKNOWN, DOMAIN_UNKNOWN, MAILBOX_DISABLED ->
                permanence == Permanence.TEMPORARY ? BounceType.SOFT : BounceType.HARD;
            case MAILBOX_FULL, MESSAGE_TOO_LARGE, DNS_FAILURE, TIMEOUT, TOO_MANY_CONNECTIONS, GREYLISTED ->
                BounceType.SOFT;
            case POLICY, SPAM_CONTENT, BLOCKLISTED, REPUTATION, RELAY_DENIED -> BounceType.BLOCK;
            case OTHER ->
                switch (permanence) {
                    case TEMPORARY -> BounceType.SOFT;
                    case PERMANENT ->
                        status != null && StatusCodes.subjectOf(status) == 1
                                ? BounceType.HARD
                                : BounceType.UNDETERMINED;
                    default -> BounceType.UNDETERMINED;
                };
        };
    }
}
