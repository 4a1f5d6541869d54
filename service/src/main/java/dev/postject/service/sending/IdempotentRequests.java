package dev.postject.service.sending;

import dev.postject.events.AccountId;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Hashes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code Idempotency-Key}: a retry with the same key and the same body within 24 hours gets the
 * first answer again and does nothing new; the same key with another body is refused. The stored
 * answer commits with the work it answers for; concurrent retries wait for each other.
 */
public final class IdempotentRequests {
    static final Duration KEEP = Duration.ofHours(24);

    private final Transactions transactions;
    private final Jdbi jdbi;
    private final Clock clock;

    public record Answer(int status, String body) {}

    public IdempotentRequests(Transactions transactions, Jdbi jdbi, Clock clock) {
        this.transactions = transactions;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Answer run(AccountId account, String key, String requestBody, Supplier<Answer> work) {
        if (key.isBlank() || key.length() > 255) {
            throw new Refusal.Invalid(
                    "invalid_idempotency_key", "Idempotency-Key takes 1 to 255 characters.", "Idempotency-Key");
        }
        String requestHash = Hashes.sha256Hex(requestBody);
        return transactions.inTransaction(() -> {
            Instant now = clock.instant();
            transactions.lockUntilCommit(account.value() + "\n" + key);
            Optional<StoredAnswer> stored =
                    jdbi.withHandle(h -> h.createQuery("SELECT request_hash, status, response FROM idempotency_keys"
                                    + " WHERE account_id = :account AND key = :key AND created_at > :since")
                            .bind("account", account.value())
                            .bind("key", key)
                            .bind("since", now.minus(KEEP))
                            .map((rs, ctx) -> new StoredAnswer(rs.getString(1), rs.getInt(2), rs.getString(3)))
                            .findOne());
            if (stored.isPresent()) {
                if (!stored.get().requestHash().equals(requestHash)) {
                    throw new Refusal.Invalid(
                            "idempotency_key_reused",
                            "This Idempotency-Key was used with a different request in the last 24 hours.",
                            "Idempotency-Key");
                }
                return new Answer(stored.get().status(), stored.get().response());
            }
            Answer answer = work.get();
            jdbi.useHandle(h -> h.createUpdate(
                            "INSERT INTO idempotency_keys (account_id, key, request_hash, status,"
                                    + " response, created_at) VALUES (:account, :key, :hash, :status, :response, :at)"
                                    + " ON CONFLICT (account_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
                                    + " status = EXCLUDED.status, response = EXCLUDED.response, created_at = EXCLUDED.created_at")
                    .bind("account", account.value())
                    .bind("key", key)
                    .bind("hash", requestHash)
                    .bind("status", answer.status())
                    .bind("response", answer.body())
                    .bind("at", now)
                    .execute());
            return answer;
        });
    }

    private record StoredAnswer(String requestHash, int status, String response) {}
}
