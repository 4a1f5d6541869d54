package dev.postject.service.sending;

import dev.postject.service.sending.EmailQueueing.Copy;
import dev.postject.service.sending.EmailQueueing.Prepared;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The contents and delivery rows of the emails queued in one transaction, written together in one
 * statement just before it commits (not one per email): a group of concurrent sends, or a batch.
 * Each email's rows leased to this node's workers are added to its list of deliveries to hand
 * them, which is read once the transaction has committed.
 */
final class QueuedContents {
    private record Queued(
            Prepared email, Optional<DeliveryHandoff.Reservation> handing, List<DeliveryHandoff.Handed> handed) {}

    private final List<Queued> queued = new ArrayList<>();

    /** An email to write: its rows leased to {@code handing}'s node (if any), each one added to {@code handed}. */
    void add(Prepared email, Optional<DeliveryHandoff.Reservation> handing, List<DeliveryHandoff.Handed> handed) {
        queued.add(new Queued(email, handing, handed));
    }

    /** Writes the emails added, and lists each one's new rows among its deliveries to hand. */
    void write(Handle h) {
        if (queued.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        List<String> froms = new ArrayList<>();
        List<String> messageIds = new ArrayList<>();
        byte[][] mimes = new byte[queued.size()][];
        List<String> ats = new ArrayList<>();
        List<String> rowEmails = new ArrayList<>();
        List<String> rowAccounts = new ArrayList<>();
        List<String> recipients = new ArrayList<>();
        List<String> rowAts = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        List<String> untils = new ArrayList<>();
        for (Queued each : queued) {
            Prepared email = each.email();
            mimes[ids.size()] = email.content();
            ids.add(email.id().value());
            accounts.add(email.account().value());
            froms.add(email.email().envelopeFrom());
            messageIds.add(email.messageId());
            ats.add(email.at().toString());
            for (Copy copy : email.copies()) {
                rowEmails.add(email.id().value());
                rowAccounts.add(email.account().value());
                recipients.add(copy.recipient());
                rowAts.add(email.at().toString());
                nodes.add(
                        each.handing().map(DeliveryHandoff.Reservation::nodeId).orElse(null));
                untils.add(each.handing()
                        .map(reservation -> reservation.leasedUntil().toString())
                        .orElse(null));
            }
        }
        Map<String, Map<String, Long>> rows = new HashMap<>(); // email id -> recipient -> queue row id
        h.createQuery("WITH content AS (INSERT INTO email_contents (email_id, account_id, envelope_from, message_id,"
                        + " mime, created_at) SELECT c.id, c.account, c.sender, c.message_id, c.mime,"
                        + " cast(c.at AS TIMESTAMPTZ) FROM unnest(:ids, :accounts, :froms, :messageIds, :mimes, :ats)"
                        + " AS c(id, account, sender, message_id, mime, at))"
                        + " INSERT INTO delivery_queue (email_id, account_id, recipient, queued_at, next_attempt_at,"
                        + " leased_by, leased_until) SELECT d.email_id, d.account_id, d.recipient,"
                        + " cast(d.at AS TIMESTAMPTZ), cast(d.at AS TIMESTAMPTZ), d.node, cast(d.until AS TIMESTAMPTZ)"
                        + " FROM unnest(:rowEmails, :rowAccounts, :recipients, :rowAts, :nodes, :untils)"
                        + " WITH ORDINALITY AS d(email_id, account_id, recipient, at, node, until, n) ORDER BY d.n"
                        + " ON CONFLICT DO NOTHING RETURNING id, email_id, recipient")
                .bindArray("ids", String.class, ids.toArray(String[]::new))
                .bindArray("accounts", String.class, accounts.toArray(String[]::new))
                .bindArray("froms", String.class, froms.toArray(String[]::new))
                .bindArray("messageIds", String.class, messageIds.toArray(String[]::new))
                .bind(
                        "mimes",
                        (position, statement, ctx) -> statement.setArray(
                                position, statement.getConnection().createArrayOf("bytea", mimes)))
                .bindArray("ats", String.class, ats.toArray(String[]::new))
                .bindArray("rowEmails", String.class, rowEmails.toArray(String[]::new))
                .bindArray("rowAccounts", String.class, rowAccounts.toArray(String[]::new))
                .bindArray("recipients", String.class, recipients.toArray(String[]::new))
                .bindArray("rowAts", String.class, rowAts.toArray(String[]::new))
                .bindArray("nodes", String.class, nodes.toArray(String[]::new))
                .bindArray("untils", String.class, untils.toArray(String[]::new))
                .map((rs, ctx) -> {
                    rows.computeIfAbsent(rs.getString("email_id"), unused -> new HashMap<>())
                            .put(rs.getString("recipient"), rs.getLong("id"));
                    return null;
                })
                .forEach(unused -> {});
        for (Queued each : queued) {
            Prepared email = each.email();
            Map<String, Long> mine = rows.getOrDefault(email.id().value(), Map.of());
            for (Copy copy : email.copies()) {
                Long queueId = mine.get(copy.recipient());
                if (queueId != null && each.handing().isPresent()) {
                    each.handed()
                            .add(new DeliveryHandoff.Handed(
                                    queueId,
                                    email.id().value(),
                                    email.account().value(),
                                    copy.recipient(),
                                    email.at(),
                                    email.email().envelopeFrom(),
                                    copy.mime() != null ? copy.mime() : email.content()));
                }
            }
        }
    }
}
