package dev.postject.service.delivery;

import dev.postject.service.mail.SmtpReply;
import dev.postject.service.mail.reports.BounceClassification;
import dev.postject.service.mail.reports.BounceClassifier;
import dev.postject.service.sending.Outcome;
import java.time.Instant;

/**
 * What one delivery attempt comes to: 2xx delivered, 5xx bounced, 4xx or no answer deferred until
 * the retry policy gives up (then failed), and failed at once when there is nothing left to send.
 * A pure function of the reply and the delivery's history.
 */
final class Outcomes {
    private Outcomes() {}

    /**
     * The attempt's outcome and what the ledger records of it; {@code retryAt} only for a deferral,
     * {@code bounce} (and {@code bounceStatus}, the reply's enhanced status code when it has one) only
     * for a bounce.
     *
     * @param attempt the attempt this was, 1-based
     */
    record Decision(
            Outcome outcome,
            int attempt,
            String response,
            Instant retryAt,
            BounceClassification bounce,
            String bounceStatus) {
        Decision(Outcome outcome, int attempt, String response, Instant retryAt) {
            this(outcome, attempt, response, retryAt, null, null);
        }
    }

    /**
     * @param contentExists false when the message content was deleted before delivery
     * @param attemptsBefore how many attempts were made before this one
     */
    static Decision decide(
            SmtpReply reply,
            boolean contentExists,
            int attemptsBefore,
            Instant queuedAt,
            Instant now,
            RetryPolicy retry) {
        int attempt = attemptsBefore + 1;
        if (reply.accepted()) {
            return new Decision(Outcome.DELIVERED, attempt, reply.toString(), null);
        }
        if (reply.permanentFailure()) {
            return new Decision(
                    Outcome.BOUNCED,
                    attempt,
                    reply.toString(),
                    null,
                    BounceClassifier.classify(reply.code(), null, reply.text()),
                    BounceClassifier.enhancedStatus(reply.text()));
        }
        if (!contentExists) {
            return new Decision(Outcome.FAILED, attempt, reply.toString(), null);
        }
        if (retry.givesUp(queuedAt, now)) {
            return new Decision(
                    Outcome.FAILED, attempt, "Gave up after " + attempt + " attempts; last reply: " + reply, null);
        }
        return new Decision(Outcome.DEFERRED, attempt, reply.toString(), retry.nextAttempt(now, attempt));
    }
}
