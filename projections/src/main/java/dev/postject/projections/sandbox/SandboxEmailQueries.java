package dev.postject.projections.sandbox;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(SandboxEmailView.class)
public interface SandboxEmailQueries {
    String COLUMNS = "account_id, email, status, added_at, confirmed_at, token_expires_at, last_sent_at";

    @SqlQuery(
            "SELECT " + COLUMNS + " FROM rm_sandbox_emails WHERE account_id = :accountId ORDER BY added_at, email_key")
    List<SandboxEmailView> list(@Bind("accountId") String accountId);

    @SqlQuery("SELECT " + COLUMNS + " FROM rm_sandbox_emails WHERE account_id = :accountId AND email_key = :key")
    Optional<SandboxEmailView> find(@Bind("accountId") String accountId, @Bind("key") String emailKey);

    /** The address whose current confirmation link carries this token hash. */
    @SqlQuery("SELECT " + COLUMNS + " FROM rm_sandbox_emails WHERE token_hash = :hash")
    Optional<SandboxEmailView> findByTokenHash(@Bind("hash") String tokenHash);

    /**
     * Which of these (lower-cased) addresses are confirmed for the account: every sandbox send asks
     * it, so it is one fixed statement on a handle of its own, as {@code SuppressionQueries}'s.
     */
    static Set<String> confirmedAmong(Jdbi jdbi, String accountId, Collection<String> emailKeys) {
        return jdbi.withHandle(h -> h.createQuery("SELECT email_key FROM rm_sandbox_emails"
                        + " WHERE account_id = :accountId AND status = 'confirmed' AND email_key = ANY(:keys)")
                .bind("accountId", accountId)
                .bindArray("keys", String.class, emailKeys.toArray(String[]::new))
                .mapTo(String.class)
                .set());
    }
}
