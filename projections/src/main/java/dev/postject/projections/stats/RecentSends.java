package dev.postject.projections.stats;

import dev.postject.events.AccountId;
import dev.postject.projections.EmailKeys;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * An account's last {@value Reputation#WINDOW} recipient sends, a ring of slots in
 * {@code rm_stats_recent_sends}, and their sums in {@code rm_stats_reputation}: a send takes the
 * slot its number names (modulo the ring's size), and what the send it replaces had counted (a
 * hard bounce, a complaint) leaves the sums. A batch's new emails take a few statements in all
 * ({@link Rings}), a bounce or complaint one, however long the account's history.
 */
final class RecentSends {
    private RecentSends() {}

    /** A new email: its account, tag and position, and whom it sends to (one per address), in order. */
    record NewEmail(
            String accountId, String emailId, String tag, long sequence, List<String> recipients, boolean production) {}

    /** Whether each rate is over its threshold. */
    record AtRisk(boolean bounce, boolean complaint) {}

    /** An account's sums after a step, and whether each rate was over its threshold before it. */
    record Ring(boolean production, long sends, int bounces, int complaints, AtRisk atRisk) {}

    /**
     * Records new emails in {@code rm_stats_emails}, each at its event's position, in one
     * statement: the ids of those new here, not those recorded already (their event handled before).
     */
    static Set<String> recordNew(Handle h, List<NewEmail> emails) {
        return new HashSet<>(h.createQuery(
                        "INSERT INTO rm_stats_emails (email_id, account_id, tag, sequence_number)"
                                + " SELECT * FROM unnest(:ids, :accounts, :tags, :seqs) ON CONFLICT DO NOTHING RETURNING email_id")
                .bindArray(
                        "ids",
                        String.class,
                        emails.stream().map(NewEmail::emailId).toArray(String[]::new))
                .bindArray(
                        "accounts",
                        String.class,
                        emails.stream().map(NewEmail::accountId).toArray(String[]::new))
                .bindArray(
                        "tags", String.class, emails.stream().map(NewEmail::tag).toArray(String[]::new))
                .bindArray(
                        "seqs",
                        Long.class,
                        emails.stream().map(NewEmail::sequence).toArray(Long[]::new))
                .mapTo(String.class)
                .list());
    }

    /**
     * The rings of a batch's accounts: read in two statements before the batch's new emails, stepped
     * here one email at a time ({@link #take}), and written in two. A send takes the slot its number
     * names, and what the send it replaces had counted leaves the sums; a huge email keeps its last
     * {@value Reputation#WINDOW} sends.
     *
     * <p>The slots start at the account's sends before the batch: one segment of the processor
     * writes an account's rows ({@link StatsProjection#sequencingKey}).
     */
    static final class Rings {
        private record Slot(String accountId, int slot) {}

        private record Taken(String emailId, String recipient) {}

        /** What a send in the ring had counted. */
        private record Flags(boolean hardBounced, boolean complained) {}

        private static final class Sums {
            boolean production;
            long sends;
            int bounces;
            int complaints;
            AtRisk atRisk = new AtRisk(false, false);
        }

        private final Map<String, Sums> sums = new LinkedHashMap<>();
        private final Map<Slot, Flags> replaced = new HashMap<>();
        private final Map<Slot, Taken> taken = new LinkedHashMap<>();

        private Rings() {}

        /** The sums of these emails' accounts, and what the sends their emails will replace had counted. */
        static Rings read(Handle h, List<NewEmail> emails) {
            Rings rings = new Rings();
            List<String> accounts =
                    emails.stream().map(NewEmail::accountId).distinct().toList();
            accounts.forEach(account -> rings.sums.put(account, new Sums()));
            h.createQuery("SELECT account_id, production, sends, bounces, complaints, bounce_at_risk, complaint_at_risk"
                            + " FROM rm_stats_reputation WHERE account_id = ANY(:accounts)")
                    .bindArray("accounts", String.class, accounts.toArray(String[]::new))
                    .map((rs, ctx) -> {
                        Sums read = rings.sums.get(rs.getString("account_id"));
                        read.production = rs.getBoolean("production");
                        read.sends = rs.getLong("sends");
                        read.bounces = rs.getInt("bounces");
                        read.complaints = rs.getInt("complaints");
                        read.atRisk = new AtRisk(rs.getBoolean("bounce_at_risk"), rs.getBoolean("complaint_at_risk"));
                        return read;
                    })
                    .list();
            Map<String, Long> sends = new HashMap<>();
            rings.sums.forEach((account, read) -> sends.put(account, read.sends));
            List<String> slotAccounts = new ArrayList<>();
            List<Integer> slots = new ArrayList<>();
            for (NewEmail email : emails) {
                int size = email.recipients().size();
                long before = sends.merge(email.accountId(), (long) size, Long::sum) - size;
                for (int i = firstKept(email.recipients()); i < size; i++) {
                    slotAccounts.add(email.accountId());
                    slots.add(slot(before + i));
                }
            }
            h.createQuery("SELECT account_id, slot, hard_bounced, complained FROM rm_stats_recent_sends"
                            + " WHERE (account_id, slot) IN (SELECT * FROM unnest(:accounts, :slots))"
                            + " AND (hard_bounced OR complained)")
                    .bindArray("accounts", String.class, slotAccounts.toArray(String[]::new))
                    .bindArray("slots", Integer.class, slots.toArray(Integer[]::new))
                    .map((rs, ctx) -> rings.replaced.put(
                            new Slot(rs.getString("account_id"), rs.getInt("slot")),
                            new Flags(rs.getBoolean("hard_bounced"), rs.getBoolean("complained"))))
                    .list();
            return rings;
        }

        /** The email's sends take the ring's next slots: its account's sums after them. */
        Ring take(NewEmail email) {
            Sums account = sums.get(email.accountId());
            List<String> recipients = email.recipients();
            for (int i = firstKept(recipients); i < recipients.size(); i++) {
                Slot slot = new Slot(email.accountId(), slot(account.sends + i));
                Flags before = taken.containsKey(slot) ? null : replaced.get(slot);
                if (before != null) {
                    account.bounces -= before.hardBounced() ? 1 : 0;
                    account.complaints -= before.complained() ? 1 : 0;
                }
                taken.put(slot, new Taken(email.emailId(), recipients.get(i))); // the last send to take it
            }
            account.sends += recipients.size();
            account.production = email.production();
            return new Ring(account.production, account.sends, account.bounces, account.complaints, account.atRisk);
        }

        /** Whether each of the account's rates is over its threshold now. */
        void atRisk(String accountId, AtRisk now) {
            sums.get(accountId).atRisk = now;
        }

        /** The slots taken and the sums, in a statement each. */
        void write(Handle h) {
            h.createUpdate("INSERT INTO rm_stats_recent_sends (account_id, slot, email_id, recipient)"
                            + " SELECT * FROM unnest(:accounts, :slots, :emails, :recipients)"
                            + " ON CONFLICT (account_id, slot) DO UPDATE SET email_id = EXCLUDED.email_id,"
                            + " recipient = EXCLUDED.recipient, hard_bounced = FALSE, complained = FALSE")
                    .bindArray(
                            "accounts",
                            String.class,
                            taken.keySet().stream().map(Slot::accountId).toArray(String[]::new))
                    .bindArray(
                            "slots",
                            Integer.class,
                            taken.keySet().stream().map(Slot::slot).toArray(Integer[]::new))
                    .bindArray(
                            "emails",
                            String.class,
                            taken.values().stream().map(Taken::emailId).toArray(String[]::new))
                    .bindArray(
                            "recipients",
                            String.class,
                            taken.values().stream().map(Taken::recipient).toArray(String[]::new))
                    .execute();
            List<Sums> all = List.copyOf(sums.values());
            h.createUpdate(
                            "INSERT INTO rm_stats_reputation (account_id, production, sends, bounces, complaints,"
                                    + " bounce_at_risk, complaint_at_risk)"
                                    + " SELECT * FROM unnest(:accounts, :production, :sends, :bounces, :complaints, :bounce, :complaint)"
                                    + " ON CONFLICT (account_id) DO UPDATE SET production = EXCLUDED.production,"
                                    + " sends = EXCLUDED.sends, bounces = EXCLUDED.bounces, complaints = EXCLUDED.complaints,"
                                    + " bounce_at_risk = EXCLUDED.bounce_at_risk, complaint_at_risk = EXCLUDED.complaint_at_risk")
                    .bindArray("accounts", String.class, sums.keySet().toArray(String[]::new))
                    .bindArray(
                            "production",
                            Boolean.class,
                            all.stream().map(a -> a.production).toArray(Boolean[]::new))
                    .bindArray(
                            "sends", Long.class, all.stream().map(a -> a.sends).toArray(Long[]::new))
                    .bindArray(
                            "bounces",
                            Integer.class,
                            all.stream().map(a -> a.bounces).toArray(Integer[]::new))
                    .bindArray(
                            "complaints",
                            Integer.class,
                            all.stream().map(a -> a.complaints).toArray(Integer[]::new))
                    .bindArray(
                            "bounce",
                            Boolean.class,
                            all.stream().map(a -> a.atRisk.bounce()).toArray(Boolean[]::new))
                    .bindArray(
                            "complaint",
                            Boolean.class,
                            all.stream().map(a -> a.atRisk.complaint()).toArray(Boolean[]::new))
                    .execute();
        }

        /** The first of an email's recipients whose send the ring keeps: a huge email keeps its last ones. */
        private static int firstKept(List<String> recipients) {
            return Math.max(0, recipients.size() - Reputation.WINDOW);
        }

        private static int slot(long send) {
            return (int) (send % Reputation.WINDOW);
        }
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

    /** Records whether each of the account's rates is over its threshold now. */
    static void atRisk(Handle h, AccountId account, AtRisk now) {
        h.createUpdate("UPDATE rm_stats_reputation SET bounce_at_risk = :bounce, complaint_at_risk = :complaint"
                        + " WHERE account_id = :account")
                .bind("bounce", now.bounce())
                .bind("complaint", now.complaint())
                .bind("account", account.value())
                .execute();
    }

    private static Ring ring(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Ring(
                rs.getBoolean("production"),
                rs.getLong("sends"),
                rs.getInt("bounces"),
                rs.getInt("complaints"),
                new AtRisk(rs.getBoolean("bounce_at_risk"), rs.getBoolean("complaint_at_risk")));
    }
}
