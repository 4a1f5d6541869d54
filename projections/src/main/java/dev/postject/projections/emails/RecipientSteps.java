package dev.postject.projections.emails;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Recipients' new statuses (delivered, deferred, failed), each with its timeline entry and its
 * email's new status: those of a batch of events, each of a different email, in one statement
 * ({@link KeptWrites}); a second step of an email in the batch waits for the first to be written.
 */
final class RecipientSteps {
    /** One recipient's step, the event's position in its email's events {@code sequence}. */
    record Step(
            String emailId,
            String recipient,
            String status,
            long sequence,
            String eventId,
            Instant at,
            String detail) {}

    /**
     * An email's status worked out from its recipients' as they are after a step: the step's
     * recipient (in {@code after_step}'s subquery) has the new status. {@code deferred} while any
     * recipient waits for a retry, {@code queued} while any waits for a first attempt, {@code
     * delivered} when every sent-to recipient got it, else {@code bounced} if any bounced, else
     * {@code failed}.
     */
    static final String STATUS_AFTER_STEP = "CASE WHEN bool_or(status = 'deferred') THEN 'deferred'"
            + " WHEN bool_or(status = 'queued') THEN 'queued'"
            + " WHEN bool_and(status IN ('delivered', 'suppressed')) AND bool_or(status = 'delivered') THEN 'delivered'"
            + " WHEN bool_or(status = 'bounced') THEN 'bounced'"
            + " ELSE 'failed' END";

    /** Writes steps of different emails together; a step of an email already kept waits. */
    static final KeptWrites.Writer<Step> WRITER = new KeptWrites.Writer<>() {
        @Override
        public void write(Handle h, List<Step> steps) {
            RecipientSteps.write(h, steps);
        }

        @Override
        public boolean sees(List<Step> kept, Step step) {
            return kept.stream().anyMatch(other -> other.emailId().equals(step.emailId()));
        }
    };

    private RecipientSteps() {}

    /**
     * The steps, each applied only when its email's row has an earlier position (and moved to the
     * step's). A statement's parts all see the rows as they were before it: each email's status is
     * worked out from its recipients with the stepped one's status replaced.
     */
    private static void write(Handle h, List<Step> steps) {
        h.createUpdate("WITH step AS (SELECT s.* FROM unnest(:ids, :recipients, :statuses, :seqs, :eventIds, :ats,"
                        + " :details) WITH ORDINALITY AS s(email_id, recipient, status, seq, event_id, at, detail, n)"
                        + " JOIN rm_emails e USING (email_id) WHERE e.sequence_number < s.seq),"
                        + " recipient AS (UPDATE rm_email_recipients r SET status = step.status FROM step"
                        + " WHERE r.email_id = step.email_id AND lower(r.recipient) = lower(step.recipient)),"
                        + " entry AS (INSERT INTO rm_email_events (event_id, email_id, type, recipient, at, detail)"
                        + " SELECT event_id, email_id, status, recipient, cast(at AS TIMESTAMPTZ), detail FROM step"
                        + " ORDER BY n ON CONFLICT DO NOTHING)"
                        + " UPDATE rm_emails e SET sequence_number = step.seq, status = (SELECT " + STATUS_AFTER_STEP
                        + " FROM (SELECT CASE WHEN lower(r.recipient) = lower(step.recipient) THEN step.status"
                        + " ELSE r.status END AS status FROM rm_email_recipients r WHERE r.email_id = step.email_id)"
                        + " after_step) FROM step WHERE e.email_id = step.email_id")
                .bindArray(
                        "ids", String.class, steps.stream().map(Step::emailId).toArray(String[]::new))
                .bindArray(
                        "recipients",
                        String.class,
                        steps.stream().map(Step::recipient).toArray(String[]::new))
                .bindArray(
                        "statuses",
                        String.class,
                        steps.stream().map(Step::status).toArray(String[]::new))
                .bindArray(
                        "seqs", Long.class, steps.stream().map(Step::sequence).toArray(Long[]::new))
                .bindArray(
                        "eventIds",
                        String.class,
                        steps.stream().map(Step::eventId).toArray(String[]::new))
                .bindArray(
                        "ats",
                        String.class,
                        steps.stream().map(step -> step.at().toString()).toArray(String[]::new))
                .bindArray(
                        "details",
                        String.class,
                        steps.stream().map(Step::detail).toArray(String[]::new))
                .execute();
    }
}
