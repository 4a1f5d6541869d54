package dev.postject.service.mail.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replies real receivers give, as an SMTP client gets them (the code, then the text), and what
 * each means: the classifier's table checked line by line, and its code families without text.
 */
class BounceClassifierTest {
    static Stream<Arguments> realReplies() {
        return Stream.of(
                // Gmail
                reply(
                        "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking"
                                + " the recipient's email address for typos or unnecessary spaces.",
                        "hard/mailbox_unknown"),
                reply(
                        "552-5.2.2 The email account that you tried to reach is over quota. Please direct the"
                                + " recipient to https://support.google.com/mail/?p=OverQuotaPerm",
                        "soft/mailbox_full"),
                reply("452-4.2.2 The email account that you tried to reach is over quota.", "soft/mailbox_full"),
                reply("550-5.2.1 The email account that you tried to reach is disabled.", "hard/mailbox_disabled"),
                reply("552-5.3.4 Your message exceeded Google's message size limits.", "soft/message_too_large"),
                reply(
                        "550-5.7.1 [198.51.100.20] Our system has detected that this message is likely unsolicited mail."
                                + " To reduce the amount of spam sent to Gmail, this message has been blocked.",
                        "block/spam_content"),
                reply(
                        "421-4.7.28 [198.51.100.20 15] Our system has detected an unusual rate of unsolicited mail"
                                + " originating from your IP address.",
                        "block/reputation"),
                reply(
                        "550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all"
                                + " senders to authenticate with either SPF or DKIM.",
                        "block/policy"),
                reply(
                        "550-5.7.25 [198.51.100.20] The IP address sending this message does not have a PTR record"
                                + " setup, or the corresponding forward DNS entry does not point to the sending IP.",
                        "block/policy"),
                reply("421-4.7.0 [198.51.100.20 15] Try again later, closing connection.", "soft/too_many_connections"),
                reply(
                        "421-4.7.0 This message does not have authentication information or fails to pass authentication"
                                + " checks (SPF or DKIM).",
                        "block/policy"),
                reply(
                        "553-5.1.3 The recipient address <user@@example.com> is not a valid RFC 5321 address.",
                        "hard/mailbox_unknown"),
                reply("451-4.3.0 Mail server temporarily rejected message.", "soft/other"),
                reply(
                        "550-5.7.1 [198.51.100.20] The user or domain that you are sending to (or from) has a policy that"
                                + " prohibited the mail that you sent.",
                        "block/policy"),
                // Outlook.com and Office 365
                reply(
                        "550 5.7.1 Service unavailable, Client host [198.51.100.20] blocked using Spamhaus. To request"
                                + " removal from this list see https://www.spamhaus.org/query/ip/198.51.100.20 (AS3130).",
                        "block/blocklisted"),
                reply(
                        "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302).",
                        "hard/mailbox_unknown"),
                reply(
                        "550 5.7.1 Unfortunately, messages from [198.51.100.20] weren't sent. Please contact your Internet"
                                + " service provider since part of their network is on our block list (S3150).",
                        "block/blocklisted"),
                reply(
                        "451 4.7.650 The mail server [198.51.100.20] has been temporarily rate limited due to IP reputation.",
                        "block/reputation"),
                reply("550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", "hard/mailbox_unknown"),
                reply(
                        "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.QuotaExceededException",
                        "soft/mailbox_full"),
                reply(
                        "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
                        "hard/mailbox_unknown"),
                reply(
                        "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.",
                        "block/policy"),
                reply(
                        "550 5.7.520 Access denied, Your organization does not allow external forwarding.",
                        "block/policy"),
                reply("452 4.3.1 Insufficient system resources", "soft/other"),
                // Yahoo and AOL
                reply(
                        "421 4.7.0 [TSS04] Messages from 198.51.100.20 temporarily deferred due to unexpected volume or"
                                + " user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
                        "soft/too_many_connections"),
                reply(
                        "554 delivery error: dd This user doesn't have a yahoo.com account (someone@yahoo.com) [0] -"
                                + " mta1234.mail.ne1.yahoo.com",
                        "hard/mailbox_unknown"),
                reply(
                        "553 5.7.1 [BL21] Connections will not be accepted from 198.51.100.20, because the ip is in"
                                + " Spamhaus's list; see https://postmaster.yahooinc.com/error-codes",
                        "block/blocklisted"),
                reply(
                        "554 5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes",
                        "block/policy"),
                reply("552 1 Requested mail action aborted, mailbox not found", "hard/mailbox_unknown"),
                reply(
                        "421 4.7.1 [TS03] All messages from 198.51.100.20 will be permanently deferred; Retrying will NOT"
                                + " succeed.",
                        "block/reputation"),
                // Postfix-run receivers
                reply(
                        "550 5.1.1 <user@example.net>: Recipient address rejected: User unknown in local recipient table",
                        "hard/mailbox_unknown"),
                reply("554 5.7.1 <user@example.net>: Relay access denied", "block/relay_denied"),
                reply(
                        "450 4.2.0 <user@example.net>: Recipient address rejected: Greylisted, see"
                                + " http://postgrey.schweikert.ch/help/example.net.html",
                        "soft/greylisted"),
                reply("451 4.7.1 Greylisting in action, please come back later", "soft/greylisted"),
                reply("450 4.7.1 Client host rejected: cannot find your hostname, [198.51.100.20]", "block/policy"),
                reply(
                        "554 5.7.1 Service unavailable; Client host [198.51.100.20] blocked using zen.spamhaus.org;"
                                + " https://www.spamhaus.org/query/ip/198.51.100.20",
                        "block/blocklisted"),
                reply(
                        "450 4.1.8 <bounces@postject.example>: Sender address rejected: Domain not found",
                        "block/policy"),
                reply(
                        "450 4.1.2 <user@nonexistent.example>: Recipient address rejected: Domain not found",
                        "soft/dns_failure"),
                reply("452 4.5.3 Error: too many recipients", "soft/other"),
                reply(
                        "421 4.7.0 mx.example.net Error: too many connections from 198.51.100.20",
                        "soft/too_many_connections"),
                reply(
                        "556 5.1.10 <user@nullmx.example>: Recipient address rejected: Domain nullmx.example does not accept"
                                + " mail (nullMX)",
                        "hard/domain_unknown"),
                // Exim, qmail
                reply("550 Unrouteable address", "hard/domain_unknown"),
                reply(
                        "550-Verification failed for <bounces@postject.example>\n550-Unrouteable address\n550 Sender"
                                + " verify failed",
                        "block/policy"),
                reply("550 Administrative prohibition", "block/policy"),
                reply("451 Temporary local problem - please try later", "soft/other"),
                reply("553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", "block/relay_denied"),
                reply("451 qq temporary problem (#4.3.0)", "soft/other"),
                // filters and others
                reply("550 5.7.1 Message rejected as spam by Content Filtering.", "block/spam_content"),
                reply(
                        "554 5.7.1 The message was rejected because it contains prohibited virus or spam content",
                        "block/spam_content"),
                reply(
                        "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550",
                        "hard/mailbox_unknown"),
                reply(
                        "554 Your access to this mail system has been rejected due to the sending MTA's poor reputation.",
                        "block/reputation"),
                reply("550 5.7.1 <user@example.com>... user unknown", "hard/mailbox_unknown"),
                reply(
                        "554 resimta-ch2-18v.sys.comcast.net comcast 198.51.100.20 Comcast block for spam. Please see"
                                + " http://postmaster.comcast.net/smtp-error-codes.php#BL000000",
                        "block/spam_content"),
                reply("452 4.2.2 Mailbox is full / Blocks limit exceeded / Inode limit exceeded", "soft/mailbox_full"),
                reply("550 #5.1.0 Address rejected.", "hard/other"),
                reply("554 5.4.14 Hop count exceeded - possible mail loop ATTR34", "undetermined/other"),
                reply("421 4.4.2 mx.example.net Error: timeout exceeded", "soft/timeout"),
                reply("250 2.0.0 OK: queued as 4F2A1", "undetermined/other"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("realReplies")
    void eachRealReply_isClassifiedAsItsTableSays(String reply, String expected) {
        int code = Integer.parseInt(reply.substring(0, 3));
        String text = reply.substring(4);

        assertThat(BounceClassifier.classify(code, null, text).toString()).isEqualTo(expected);
    }

    @Test
    void thereAreAtLeastFortyRealReplies() {
        assertThat(realReplies()).hasSizeGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "0, 5.1.1, hard/mailbox_unknown",
        "0, 5.1.2, hard/domain_unknown",
        "0, 4.1.2, soft/dns_failure",
        "0, 5.1.10, hard/domain_unknown",
        "0, 5.1.8, block/policy",
        "0, 5.1.0, hard/other",
        "0, 5.2.1, hard/mailbox_disabled",
        "0, 4.2.1, soft/mailbox_disabled",
        "0, 5.2.2, soft/mailbox_full",
        "0, 5.2.3, soft/message_too_large",
        "0, 5.3.4, soft/message_too_large",
        "0, 4.3.0, soft/other",
        "0, 5.3.0, undetermined/other",
        "0, 4.4.1, soft/timeout",
        "0, 4.4.3, soft/dns_failure",
        "0, 5.4.4, hard/domain_unknown",
        "0, 4.4.5, soft/too_many_connections",
        "0, 4.4.7, soft/timeout",
        "0, 5.5.0, undetermined/other",
        "0, 5.6.0, undetermined/other",
        "0, 4.7.0, soft/too_many_connections",
        "0, 5.7.0, block/policy",
        "0, 4.7.1, block/policy",
        "0, 5.7.1, block/policy",
        "0, 5.0.0, undetermined/other",
        "421, , soft/too_many_connections",
        "450, , soft/other",
        "550, , undetermined/other",
        "551, , hard/mailbox_unknown",
        "552, , soft/mailbox_full",
        "553, , hard/mailbox_unknown",
        "554, , undetermined/other",
        "556, , hard/domain_unknown",
        "0, , undetermined/other"
    })
    void eachCodeFamily_withoutText_isClassifiedByItsClassAndSubject(int code, String status, String expected) {
        assertThat(BounceClassifier.classify(code, status, null).toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "5.4.4 | Host or domain name not found. Name service error for name=nowhere.example type=A: Host not found"
                        + " | hard/domain_unknown",
                "4.4.3 | Host or domain name not found. Name service error for name=slow.example type=MX: Host not found,"
                        + " try again | soft/dns_failure",
                "4.4.7 | delivery time expired | soft/timeout",
                "4.4.7 | 452 4.2.2 <a@example.com>: Recipient address rejected: Mailbox full | soft/mailbox_full",
                "5.1.1 | 550 5.1.1 blocked by spam-filter.example.com: user unknown | hard/mailbox_unknown"
            })
    void aReportsStatusField_decidesTheClass_andItsDiagnosticTheReason(String status, String text, String expected) {
        assertThat(BounceClassifier.classify(0, status, text).toString()).isEqualTo(expected);
    }

    @Test
    void textAlone_withNoCode_isClassifiedByItsWords() {
        assertThat(BounceClassifier.classify(0, null, "connect to mx.example.net[192.0.2.9]:25: Connection timed out")
                        .toString())
                .isEqualTo("soft/timeout");
        assertThat(BounceClassifier.classify(0, null, "Sorry, no mailbox here by that name. (#5.1.1)")
                        .toString())
                .isEqualTo("hard/mailbox_unknown");
        assertThat(BounceClassifier.classify(0, null, "There was a problem delivering this message.")
                        .toString())
                .isEqualTo("undetermined/other");
    }

    @Test
    void onlyAHardBounceSuppressesOnItsOwn() {
        assertThat(BounceClassifier.classify(550, null, "5.1.1 user unknown").suppresses())
                .isTrue();
        assertThat(BounceClassifier.classify(552, null, "5.2.2 mailbox full").suppresses())
                .isFalse();
        assertThat(BounceClassifier.classify(554, null, "5.7.1 blocked using zen.spamhaus.org")
                        .suppresses())
                .isFalse();
        assertThat(BounceClassifier.classify(550, null, "Requested action not taken")
                        .suppresses())
                .isFalse();
    }

    private static Arguments reply(String line, String expected) {
        return Arguments.of(line, expected);
    }
}
