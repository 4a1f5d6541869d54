package dev.postject.service.mail.reports;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a reply's words say went wrong, for the codes servers use loosely. Checked in this order,
 * first match wins: a blocklist or reputation notice is a block whatever else the text says, and a
 * refused sender is not a missing recipient. The patterns are plain alternations, linear on any input.
 */
final class BounceTexts {
    private record Rule(BounceSubtype subtype, Pattern words) {}

    private static final List<Rule> RULES = List.of(
            rule(
                    BounceSubtype.BLOCKLISTED,
                    "spamhaus|spamcop|\\bsorbs\\b|uceprotect|abuseat|mailspike|barracudacentral|dnsbl|\\brbl\\b"
                            + "|blocked using|listed at|\\bis listed (?:on|in|at)|black ?list|block ?list|deny ?list"
                            + "|banned sending ip"),
            rule(
                    BounceSubtype.REPUTATION,
                    "reputation|unusual rate of unsolicited|originating from your ip|amount of unsolicited"
                            + "|\\[ts0[1-3]\\]|sender score"),
            rule(BounceSubtype.GREYLISTED, "gr[ae]y[ -]?list"),
            rule(
                    BounceSubtype.POLICY,
                    "sender address rejected|sender domain|bad (?:outbound )?sender|sender verify"
                            + "|sender (?:rejected|not allowed|denied|unknown)"),
            rule(
                    BounceSubtype.RELAY_DENIED,
                    "relay(?:ing)? (?:access )?(?:denied|not permitted|not allowed|prohibited|refused)"
                            + "|(?:unable|not permitted|not allowed|not authori[sz]ed) to relay|(?:we|does) not relay"
                            + "|relaying (?:is )?not allowed|allowed rcpthosts|no relaying"),
            rule(
                    BounceSubtype.MAILBOX_DISABLED,
                    "disabled|deactivated|inactive|suspended|no longer (?:active|available|in use)"
                            + "|account (?:has been |is )?(?:closed|locked|expired|frozen)|mailbox (?:is )?closed"),
            rule(
                    BounceSubtype.DOMAIN_UNKNOWN,
                    "domain (?:name )?(?:not found|does ?n[o']t exist|unknown)|(?:no such|unknown) domain"
                            + "|host (?:or domain name )?not found|host unknown|unrouteable address|null ?mx"
                            + "|does not accept (?:e-?)?mail|nxdomain|mx records point to non-existent"
                            + "|couldn't find any host named"),
            rule(
                    BounceSubtype.MAILBOX_UNKNOWN,
                    "user unknown|unknown user|unknown recipient|recipient unknown|recipient not found"
                            + "|recipientnotfound|recipnotfound|no such (?:user|recipient|mailbox|address|account)"
                            + "|does ?n[o']t exist|not exist|mailbox not found|mailbox (?:is )?unavailable"
                            + "|invalid (?:recipient|mailbox|address|user)|user not found|addressee unknown"
                            + "|address (?:not found|unknown|does not exist|rejected: access denied)"
                            + "|unknown (?:address|local part|mailbox|or illegal alias)|no mailbox here"
                            + "|not a valid (?:mailbox|user|recipient)|does ?n[o']t have an? [\\w.-]{1,64} account"
                            + "|not our customer"),
            rule(
                    BounceSubtype.MAILBOX_FULL,
                    "mailbox (?:is )?full|full mailbox|over (?:the )?quota|quota (?:exceeded|full)|quotaexceeded"
                            + "|exceed(?:s|ed)? (?:the |their |its )?(?:storage|quota)|insufficient (?:disk )?(?:space|storage)"
                            + "|mailbox size limit|out of (?:disk )?space|not enough (?:disk )?space|mailfolder is full"),
            rule(
                    BounceSubtype.MESSAGE_TOO_LARGE,
                    "message (?:is )?too (?:large|big)|message size|size (?:limit|exceeds)|too large"
                            + "|message length exceeds|exceeds (?:the )?maximum (?:message )?size"),
            rule(
                    BounceSubtype.SPAM_CONTENT,
                    "(?<![\\w.-])spam(?![\\w-]|\\.\\w)|unsolicited|junk mail|content (?:rejected|filter)"
                            + "|rejected (?:due to|because of) (?:its )?content|content presents|security issue"
                            + "|phishing|virus|malware|suspicious|bulk mail"),
            rule(
                    BounceSubtype.TOO_MANY_CONNECTIONS,
                    "too many (?:connections|concurrent|sessions|messages)|connection (?:rate )?limit|rate.?limit"
                            + "|unexpected volume|temporarily deferred|throttl|too fast|receiving mail at a rate"
                            + "|maximum number of connections"),
            rule(
                    BounceSubtype.DNS_FAILURE,
                    "name service error|dns (?:error|failure|lookup|problem)|temporary failure in name resolution"
                            + "|lookup fail|servfail|could not resolve|unable to resolve"),
            rule(
                    BounceSubtype.TIMEOUT,
                    "timed? ?out|connection (?:refused|reset|lost|dropped)|lost connection|no route to host"
                            + "|network is unreachable|delivery time expired|in the queue too long"),
            rule(
                    BounceSubtype.POLICY,
                    "polic(?:y|ies)|dmarc|\\bspf\\b|dkim|unauthenticated|not authori[sz]ed|authentication"
                            + "|\\bptr\\b|reverse dns|\\brdns\\b|\\bhelo\\b|hostname|not permitted|access denied"
                            + "|administrative prohibition|prohibited"));

    private BounceTexts() {}

    /** The subtype the words of {@code text} point to, or null when they point to none. */
    static BounceSubtype subtypeOf(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String words = text.toLowerCase(Locale.ROOT);
        for (Rule rule : RULES) {
            if (rule.words().matcher(words).find()) {
                return rule.subtype();
            }
        }
        return null;
    }

    private static Rule rule(BounceSubtype subtype, String words) {
        return new Rule(subtype, Pattern.compile(words));
    }
}
