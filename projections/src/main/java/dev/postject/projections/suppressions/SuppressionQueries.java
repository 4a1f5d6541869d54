package dev.postject.projections.suppressions;

import java.util.List;
import java.util.Set;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(SuppressionView.class)
public interface SuppressionQueries {
    @SqlQuery(
            "SELECT email, reason, email_id, bounce_type, subtype, suppressed_at FROM rm_suppressions WHERE account_id = :accountId"
                    + " ORDER BY suppressed_at DESC, email_key")
    List<SuppressionView> list(@Bind("accountId") String accountId);

    /** Which of these (lower-cased) addresses are suppressed for the account. */
    @SqlQuery("SELECT email_key FROM rm_suppressions WHERE account_id = :accountId AND email_key IN (<keys>)")
    Set<String> suppressedAmong(@Bind("accountId") String accountId, @BindList("keys") Set<String> emailKeys);
}
