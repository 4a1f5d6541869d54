package dev.postject.service.sending;

import dev.postject.events.AccountId;
import dev.postject.projections.emails.EmailQueries;
import dev.postject.service.sending.SendingPolicy.Allowance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * A sandbox account's rolling 24 h allowance, without a lock and a count for every send: the
 * account's row in {@code sandbox_allowance} holds a lower bound of its room (set from an exact
 * count of its last 24 h of emails, taken down by each send in the send's own transaction; emails
 * only leave the window as time passes, so it never overstates). A send that fits takes its
 * emails from the room with one conditional update just before it commits, so concurrent sends
 * hold the row only for their commit. A send that does not fit, or finds the room taken by
 * concurrent ones, counts exactly under the row's lock, as every send once did.
 */
final class SandboxAllowance {
    private final Jdbi jdbi;
    private final EmailQueries emails;
    private final Clock clock;
    private final int dailyLimit;

    SandboxAllowance(Jdbi jdbi, Clock clock, int dailyLimit) {
        this.jdbi = jdbi;
        this.emails = jdbi.onDemand(EmailQueries.class);
        this.clock = clock;
        this.dailyLimit = dailyLimit;
    }

    /** The room known without counting (no lock), if it was counted against today's limit. */
    Optional<Integer> knownRoom(AccountId account) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT room FROM sandbox_allowance WHERE account_id = :account AND daily_limit = :limit")
                .bind("account", account.value())
                .bind("limit", dailyLimit)
                .mapTo(Integer.class)
                .findOne());
    }

    /** An allowance of {@code room} for sends that all fit in it (so none is refused for the limit). */
    Allowance fitting(int room) {
        Instant now = clock.instant();
        return new Allowance(room, dailyLimit, now, now);
    }

    /**
     * Takes {@code taken} emails from the room, in the open transaction: true if they fit (the
     * room, else an exact count that sees the concurrent sends committed and these ones), false if
     * concurrent sends left too little (the transaction must then roll back).
     */
    boolean take(AccountId account, int taken) {
        if (taken == 0) {
            return true;
        }
        int updated = jdbi.withHandle(h -> h.createUpdate("UPDATE sandbox_allowance SET room = room - :taken"
                        + " WHERE account_id = :account AND daily_limit = :limit AND room >= :taken")
                .bind("account", account.value())
                .bind("limit", dailyLimit)
                .bind("taken", taken)
                .execute());
        return updated == 1 || recount(account);
    }

    /**
     * The exact allowance, holding the account's row until the transaction ends so that concurrent
     * sends cannot overshoot together: how many more emails it may send now, and when the oldest of
     * the day frees a place (looked up only when {@code batchSize} emails could need it).
     */
    Allowance lockAndCount(AccountId account, int batchSize) {
        lock(account);
        return count(account, batchSize);
    }

    /**
     * The exact allowance without a lock: an early answer (SMTP's MAIL FROM) that the send itself
     * checks again.
     */
    Allowance estimate(AccountId account) {
        return knownRoom(account).filter(room -> room > 0).map(this::fitting).orElseGet(() -> count(account, 1));
    }

    /**
     * After a send under {@link #lockAndCount}: the room counted again, these emails among those of
     * the day. False if they do not fit.
     */
    boolean recount(AccountId account) {
        lock(account);
        int used = emails.countSince(account.value(), clock.instant().minus(Duration.ofDays(1)), dailyLimit + 1);
        if (used > dailyLimit) {
            return false;
        }
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE sandbox_allowance SET room = :room, daily_limit = :limit WHERE account_id = :account")
                .bind("account", account.value())
                .bind("room", dailyLimit - used)
                .bind("limit", dailyLimit)
                .execute());
        return true;
    }

    private Allowance count(AccountId account, int batchSize) {
        Instant now = clock.instant();
        Instant since = now.minus(Duration.ofDays(1));
        int remaining = dailyLimit - emails.countSince(account.value(), since, dailyLimit);
        Instant freesAt = remaining >= batchSize
                ? now
                : emails.oldestSince(account.value(), since).orElse(now).plus(Duration.ofDays(1));
        return new Allowance(remaining, dailyLimit, freesAt, now);
    }

    /** The account's row, made if missing, locked until the transaction ends. */
    private void lock(AccountId account) {
        jdbi.useHandle(h -> {
            h.createUpdate("INSERT INTO sandbox_allowance (account_id, room, daily_limit) VALUES (:account, 0, :limit)"
                            + " ON CONFLICT DO NOTHING")
                    .bind("account", account.value())
                    .bind("limit", dailyLimit)
                    .execute();
            h.createQuery("SELECT room FROM sandbox_allowance WHERE account_id = :account FOR UPDATE")
                    .bind("account", account.value())
                    .mapTo(Integer.class)
                    .one();
        });
    }
}
