package dev.postject.projections.stats;

import dev.postject.events.AccountId;
import dev.postject.projections.EmailKeys;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
     * The email's sends take the ring's next slots (a huge email keeps its last
     * {@value Reputation#WINDOW}), and what the sends they replace had counted leaves the window.
     */
    static Ring take(Handle h, String accountId, String emailId, List<String> recipients, boolean production) {
        long sends = h.createQuery("INSERT INTO rm_stats_reputation (account_id, production) VALUES (:account,"
                        + " :production) ON CONFLICT (account_id) DO UPDATE SET production = EXCLUDED.production"
                        + " RETURNING sends")
                .bind("account", accountId)
                .bind("production", production)
                .mapTo(Long.class)
                .one();
        List<String> kept = recipients.subList(Math.max(0, recipients.size() - Reputation.WINDOW), recipients.size());
        long first = sends + recipients.size() - kept.size();
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            slots.add((int) ((first + i) % Reputation.WINDOW));
        }
        return h.createQuery("WITH replaced AS (SELECT hard_bounced, complained FROM rm_stats_recent_sends"
                        + " WHERE account_id = :account AND slot = ANY(:slots)),"
                        + " taken AS (INSERT INTO rm_stats_recent_sends (account_id, slot, email_id, recipient)"
                        + " SELECT :account, s.slot, :email, s.recipient FROM unnest(:slots, :recipients) AS s(slot, recipient)"
                        + " ON CONFLICT (account_id, slot) DO UPDATE SET email_id = EXCLUDED.email_id,"
                        + " recipient = EXCLUDED.recipient, hard_bounced = FALSE, complained = FALSE)"
                        + " UPDATE rm_stats_reputation SET sends = sends + :n,"
                        + " bounces = bounces - (SELECT count(*) FROM replaced WHERE hard_bounced),"
                        + " complaints = complaints - (SELECT count(*) FROM replaced WHERE complained)"
                        + " WHERE account_id = :account"
                        + " RETURNING production, sends, bounces, complaints, bounce_at_risk, complaint_at_risk")
                .bind("account", accountId)
                .bind("email", emailId)
                .bindArray("slots", Integer.class, slots)
                .bindArray("recipients", String.class, kept)
                .bind("n", recipients.size())
                .map(RecentSends::ring)
                .one();
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
