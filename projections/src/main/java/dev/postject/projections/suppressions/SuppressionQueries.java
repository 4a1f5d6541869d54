package dev.postject.projections.suppressions;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(SuppressionView.class)
public interface SuppressionQueries {
    @SqlQuery(
            "SELECT email, reason, email_id, bounce_type, subtype, suppressed_at FROM rm_suppressions WHERE account_id = :accountId"
                    + " ORDER BY suppressed_at DESC, email_key")
    List<SuppressionView> list(@Bind("accountId") String accountId);

    /**
     * Which of these (lower-cased) addresses are suppressed for the account. Every send asks it, so
     * it is one fixed statement on a handle of its own: an on-demand call of this interface attached
     * the interface anew each time, which cost twice the query.
     */
    static Set<String> suppressedAmong(Jdbi jdbi, String accountId, Collection<String> emailKeys) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT email_key FROM rm_suppressions WHERE account_id = :accountId AND email_key = ANY(:keys)")
                .bind("accountId", accountId)
                .bindArray("keys", String.class, emailKeys.toArray(String[]::new))
                .mapTo(String.class)
                .set());
    }
}
