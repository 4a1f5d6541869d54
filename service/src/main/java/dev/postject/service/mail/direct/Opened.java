package dev.postject.service.mail.direct;

import java.net.InetAddress;
import java.util.List;

/** What {@link MxConnector#open} got: a session ready for mail, or every attempt and why it failed. */
public sealed interface Opened {
    /** A session after its (last) EHLO; {@code failedFirst} the addresses tried before, and why. */
    record Connected(MxSession session, List<Attempt> failedFirst) implements Opened {
        public Connected {
            failedFirst = List.copyOf(failedFirst);
        }
    }

    /** No address of the mail server took the session. */
    record Failed(List<Attempt> attempts) implements Opened {
        public Failed {
            attempts = List.copyOf(attempts);
        }

        /**
         * Every address refused the session outright (a 5xx greeting or EHLO): the server says it
         * never will. A failure to have TLS is never permanent (RFC 8461 5: defer).
         */
        public boolean permanent() {
            return !attempts.isEmpty()
                    && attempts.stream().allMatch(a -> a.problem() == Problem.REFUSED && a.code() >= 500);
        }
    }

    enum Problem {
        /** No TCP connection (refused, unreachable, timed out). */
        UNREACHABLE,
        /** The greeting, EHLO or HELO got something else than 2xx. */
        REFUSED,
        /** TLS was required, and the server did not offer STARTTLS or refused it. */
        NO_STARTTLS,
        /** The TLS handshake failed: no common protocol, or (when required) a certificate not trusted or for another name. */
        TLS,
        /** The server broke the protocol (a malformed reply, data where none belongs) or went silent. */
        PROTOCOL,
        /** Not tried: the domain's enforced MTA-STS policy does not name this mail server. */
        NOT_IN_POLICY
    }

    /**
     * One address of a mail server tried and given up on (for {@link Problem#NOT_IN_POLICY}, the
     * server's first address, not tried).
     *
     * @param code the server's reply code when a reply was the reason, else 0
     * @param timedOut whether the connection or a reply did not come in time (a sign of an
     *     overloaded or dead destination, which is then backed off)
     */
    record Attempt(String host, InetAddress address, Problem problem, int code, String detail, boolean timedOut) {
        public Attempt(String host, InetAddress address, Problem problem, int code, String detail) {
            this(host, address, problem, code, detail, false);
        }

        @Override
        public String toString() {
            return host + " [" + address.getHostAddress() + "]: " + detail;
        }
    }
}
