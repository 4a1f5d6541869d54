package dev.postject.service.automation;

import dev.postject.events.AccountId;
import dev.postject.events.EmailId;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.text.Addresses;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Each address's recent soft bounces, counted in PostgreSQL ({@code soft_bounces}) so that every
 * node counts the same ones. Recording one and counting happen under a lock on the address, held
 * until the bounce's transaction commits: two bounces of one address recorded at once are counted
 * one after the other, so the one that reaches the limit sees the other.
 */
final class SoftBounces {
    private final Transactions transactions;
    private final Jdbi jdbi;

    SoftBounces(Transactions transactions, Jdbi jdbi) {
        this.transactions = transactions;
        this.jdbi = jdbi;
    }

    /**
     * Records that {@code email} soft-bounced for {@code recipient} at {@code at} (once per email:
     * an event handled again counts once), forgets the address's bounces older than {@code window},
     * and answers how many are left in it, this one included.
     */
    int record(AccountId account, String recipient, EmailId email, Instant at, Duration window) {
        String key = Addresses.key(recipient);
        transactions.lockUntilCommit("soft-bounces\n" + account.value() + "\n" + key);
        Instant since = at.minus(window);
        return jdbi.withHandle(h -> {
            h.createUpdate("DELETE FROM soft_bounces WHERE account_id = :account AND email_key = :key"
                            + " AND bounced_at <= :since")
                    .bind("account", account.value())
                    .bind("key", key)
                    .bind("since", since)
                    .execute();
            h.createUpdate("INSERT INTO soft_bounces (account_id, email_key, email_id, bounced_at)"
                            + " VALUES (:account, :key, :email, :at) ON CONFLICT DO NOTHING")
                    .bind("account", account.value())
                    .bind("key", key)
                    .bind("email", email.value())
                    .bind("at", at)
                    .execute();
            return h.createQuery("SELECT count(*) FROM soft_bounces WHERE account_id = :account"
                            + " AND email_key = :key AND bounced_at > :since")
                    .bind("account", account.value())
                    .bind("key", key)
                    .bind("since", since)
                    .mapTo(Integer.class)
                    .one();
        });
    }

    /** Forgets the address's soft bounces: it starts counting again from none. */
    void forget(AccountId account, String recipient) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM soft_bounces WHERE account_id = :account AND email_key = :key")
                .bind("account", account.value())
                .bind("key", Addresses.key(recipient))
                .execute());
    }
}
