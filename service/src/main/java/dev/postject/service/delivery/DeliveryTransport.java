package dev.postject.service.delivery;

import dev.postject.service.mail.SmtpReply;
import java.time.Instant;
import java.util.List;

/**
 * How the delivery workers hand mail over, whatever the delivery mode: through the SMTP relay (or
 * the embedded capture server, through the same client), or straight to each recipient domain's
 * mail servers. The workers lease, record and reschedule; a transport only sends.
 */
public interface DeliveryTransport {
    /** What one worker sends through (a relay transport keeps one connection per worker). */
    Sender sender();

    /**
     * How many due deliveries a worker leases at once: few where they go to different
     * destinations (those it leaves to other workers go back to the queue), more where all go to
     * one relay, whose outcomes are then recorded together.
     */
    default int leaseBatch() {
        return 4;
    }

    /** Used by one worker at a time. */
    interface Sender extends AutoCloseable {
        /**
         * Before sending: which of the leased messages to hand back at once rather than send now,
         * and until when each waits (null: send it now), in their order. A transport whose
         * destinations differ leaves those another worker should take, so that none of them waits
         * behind a destination that may hang.
         */
        default List<Instant> leave(List<Message> messages) {
            return java.util.Collections.nCopies(messages.size(), null);
        }

        /**
         * Sends each message (a transport may send several to one destination in one transaction)
         * and says what became of each, in their order. Never throws for what a network or a
         * server does: that is a reply.
         */
        List<Attempt> send(List<Message> messages);

        @Override
        void close();
    }

    /** One recipient's copy of an email, as leased from the queue. */
    record Message(String emailId, String recipient, String envelopeFrom, byte[] mime) {
        /** The recipient's domain, in lower case: the destination it is delivered to. */
        public String domain() {
            int at = recipient.lastIndexOf('@');
            return (at < 0 ? "" : recipient.substring(at + 1)).toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What became of one message: the reply it got (judged as a relay's: 2xx delivered, 5xx
     * bounced, else deferred), with {@code notBefore} when the next try must wait at least that long
     * (its destination is backed off); or, {@code reply} null, not tried at all: the delivery waits
     * until {@code notBefore} without counting as an attempt.
     */
    record Attempt(SmtpReply reply, Instant notBefore) {
        public static Attempt replied(SmtpReply reply) {
            return new Attempt(reply, null);
        }

        /** Not tried now (its destination is backed off, or busy): try again at {@code until}. */
        public static Attempt held(Instant until) {
            return new Attempt(null, until);
        }

        public boolean held() {
            return reply == null;
        }
    }
}
