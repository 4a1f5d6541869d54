package dev.postject.service.mail.direct;

import dev.postject.service.mail.SmtpReply;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What became of one recipient of a message delivered straight to its domain's mail servers:
 * what the delivery's timeline says, and a {@link #reply()} judged as a relay's reply is (2xx
 * delivered, 5xx bounced, anything else deferred), so both delivery modes record alike.
 */
public sealed interface DirectOutcome {
    /** The reply as the relay client gives one: code 0 when no server said anything. */
    SmtpReply reply();

    /**
     * A mail server took the message for this recipient.
     *
     * @param tls the TLS protocol of the session ({@code TLSv1.3}), or {@code none}
     * @param notes what the timeline should also say: addresses tried first and why they failed, an
     *     MTA-STS policy in {@code testing} mode that this delivery would have failed
     */
    record Delivered(String host, InetAddress address, String tls, SmtpReply reply, List<String> notes)
            implements DirectOutcome {
        public Delivered {
            notes = List.copyOf(notes);
        }
    }

    /**
     * The recipient will never get it from here: a mail server's 5xx, or a domain that takes no mail
     * (no such domain, a null MX), decided without a connection.
     *
     * @param code the RFC 3463 enhanced status ({@code 5.1.1}); {@code 5.0.0} when the server gave none
     */
    record Bounced(String code, SmtpReply reply) implements DirectOutcome {
        private static final Pattern ENHANCED = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

        /** A server's (or our own) 5xx reply, with the enhanced code its text starts with. */
        static Bounced of(SmtpReply reply) {
            Matcher code = ENHANCED.matcher(reply.text());
            return new Bounced(code.find() ? code.group(1) : "5.0.0", reply);
        }

        /** A bounce decided before any connection: {@code code} and why. */
        static Bounced at(String code, String reason) {
            return new Bounced(code, new SmtpReply(550, code + " " + reason));
        }
    }

    /**
     * Not now: a 4xx, a DNS failure, no server reachable, an MTA-STS policy that could not be met,
     * or a destination backed off.
     *
     * @param until when the destination may be tried again, when it is backed off as a whole; else null
     */
    record Deferred(SmtpReply reply, Instant until) implements DirectOutcome {
        static Deferred because(String reason) {
            return new Deferred(new SmtpReply(0, reason), null);
        }

        public String reason() {
            return reply.toString();
        }
    }
}
