package dev.postject.projections.stats;

import dev.postject.events.AccountId;
import dev.postject.projections.EmailKeys;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * An account's last {@value Reputation#WINDOW} recipient sends, a ring of slots in
 * {@code rm_stats_recent_sends}, and their sums in {@code rm_stats_reputation}: a send takes the
 * slot its number names (modulo the ring's size), and what the send it replaces had counted (a
 * hard bounce, a complaint) leaves the sums. Each step is a statement or two on one account's
 * rows, however long its history.
 */
final class RecentSends {
    private RecentSends() {}

    /** An account's sums after a step, and whether each rate was over its threshold before it. */
    record Ring(
            boolean production,
            long sends,
            int bounces,
            int complaints,
            boolean bounceAtRisk,
            boolean complaintAtRisk) {}

    /**
     * Records a new email ({@code rm_stats_emails}, at its event's position) and its sends take the
     * ring's next slots (a huge email keeps its last {@value Reputation#WINDOW}), what the sends they
     * replace had counted leaving the window: one statement. Empty, and nothing changed, when the
     * email was recorded already (its event handled before).
     *
     * <p>The slots start at the account's sends before this step, read in the statement's snapshot:
     * one segment of the processor writes an account's rows ({@link StatsProjection#sequencingKey}).
     */
    static Optional<Ring> recordAndTake(
            Handle h,
            String accountId,
            String emailId,
            String tag,
            long sequence,
            List<String> recipients,
            boolean production) {
        List<String> kept = recipients.subList(Math.max(0, recipients.size() - Reputation.WINDOW), recipients.size());
        return h.createQuery("WITH fresh AS (INSERT INTO rm_stats_emails (email_id, account_id, tag, sequence_number)"
                        + " VALUES (:email, :account, :tag, :seq) ON CONFLICT DO NOTHING RETURNING email_id),"
                        + " before AS (SELECT coalesce((SELECT sends FROM rm_stats_reputation WHERE account_id = :account),"
                        + " 0) AS sends FROM fresh),"
                        + " s AS (SELECT ((before.sends + :skipped + r.i - 1) % :window)::int AS slot, r.recipient"
                        + " FROM before, unnest(:recipients) WITH ORDINALITY AS r(recipient, i)),"
                        + " replaced AS (SELECT hard_bounced, complained FROM rm_stats_recent_sends"
                        + " WHERE account_id = :account AND slot IN (SELECT slot FROM s)),"
                        + " taken AS (INSERT INTO rm_stats_recent_sends (account_id, slot, email_id, recipient)"
                        + " SELECT :account, slot, :email, recipient FROM s"
                        + " ON CONFLICT (account_id, slot) DO UPDATE SET email_id = EXCLUDED.email_id,"
                        + " recipient = EXCLUDED.recipient, hard_bounced = FALSE, complained = FALSE)"
                        + " INSERT INTO rm_stats_reputation AS r (account_id, production, sends)"
                        + " SELECT :account, :production, :n FROM fresh"
                        + " ON CONFLICT (account_id) DO UPDATE SET production = EXCLUDED.production,"
                        + " sends = r.sends + EXCLUDED.sends,"
                        + " bounces = r.bounces - (SELECT count(*) FROM replaced WHERE hard_bounced),"
                        + " complaints = r.complaints - (SELECT count(*) FROM replaced WHERE complained)"
                        + " RETURNING production, sends, bounces, complaints, bounce_at_risk, complaint_at_risk")
                .bind("account", accountId)
                .bind("email", emailId)
                .bind("tag", tag)
                .bind("seq", sequence)
                .bind("skipped", recipients.size() - kept.size())
                .bind("window", Reputation.WINDOW)
                .bindArray("recipients", String.class, kept)
                .bind("production", production)
                .bind("n", recipients.size())
                .map(RecentSends::ring)
                .findOne();
    }

    /** Marks the send to {@code recipient} (while still in the ring) and counts it once in the window. */
    static Optional<Ring> flag(
            Handle h, AccountId account, String emailId, String recipient, String flag, String counter) {
        return h.createQuery("WITH marked AS (UPDATE rm_stats_recent_sends SET " + flag + " = TRUE"
                        + " WHERE account_id = :account AND email_id = :email AND recipient = :recipient"
                        + " AND NOT " + flag + " RETURNING 1)"
                        + " UPDATE rm_stats_reputation SET " + counter + " = " + counter
                        + " + (SELECT count(*) FROM marked) WHERE account_id = :account AND EXISTS (SELECT 1 FROM marked)"
                        + " RETURNING production, sends, bounces, complaints, bounce_at_risk, complaint_at_risk")
                .bind("account", account.value())
                .bind("email", emailId)
                .bind("recipient", EmailKeys.of(recipient))
                .map(RecentSends::ring)
                .findOne();
    }

    private static Ring ring(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Ring(
                rs.getBoolean("production"),
                rs.getLong("sends"),
                rs.getInt("bounces"),
                rs.getInt("complaints"),
                rs.getBoolean("bounce_at_risk"),
                rs.getBoolean("complaint_at_risk"));
    }
}
