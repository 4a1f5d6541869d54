package dev.postject.projections.accounts;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(AccountView.class)
public interface AccountQueries {
    /** {@code webhooks} is counted in the webhook model as it is read: no event can move it twice. */
    String COLUMNS = "account_id, name, mode, owner_user_id, owner_email, created_at, production_status,"
            + " production_use_case, production_website, production_requested_at, production_decided_at,"
            + " production_reason, sandbox_delivery, track_opens, track_clicks,"
            + " sending_paused, paused_reason, paused_at, risk_metric, risk_rate, risk_threshold, risk_sends, risk_at,"
            + " (SELECT count(*) FROM rm_webhooks w WHERE w.account_id = rm_accounts.account_id)::int AS webhooks";

    @SqlQuery("SELECT " + COLUMNS + " FROM rm_accounts WHERE account_id = :id")
    Optional<AccountView> find(@Bind("id") String accountId);

    /** Accounts in the order they were opened, after the given account id (null: from the start). */
    default List<AccountView> page(String afterAccountId, int limit) {
        return page(afterAccountId, false, false, limit);
    }

    /**
     * As {@link #page(String, int)}, only the paused accounts if {@code onlyPaused}, only those with
     * a reputation warning if {@code onlyAtRisk}.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM rm_accounts"
            + " WHERE (cast(:after AS TEXT) IS NULL"
            + " OR (created_at, account_id) > (SELECT created_at, account_id FROM rm_accounts WHERE account_id = :after))"
            + " AND (NOT :paused OR sending_paused) AND (NOT :atRisk OR risk_at IS NOT NULL)"
            + " ORDER BY created_at, account_id LIMIT :limit")
    List<AccountView> page(
            @Bind("after") String afterAccountId,
            @Bind("paused") boolean onlyPaused,
            @Bind("atRisk") boolean onlyAtRisk,
            @Bind("limit") int limit);

    /** Accounts whose production request has this status, oldest request first. */
    @SqlQuery("SELECT " + COLUMNS + " FROM rm_accounts WHERE production_status = :status"
            + " ORDER BY production_requested_at, account_id LIMIT :limit")
    List<AccountView> byProductionStatus(@Bind("status") String status, @Bind("limit") int limit);
}
