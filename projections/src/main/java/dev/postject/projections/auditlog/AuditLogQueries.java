package dev.postject.projections.auditlog;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Pages of an account's ledger entries, by ledger position. */
@RegisterConstructorMapper(AuditEntryView.class)
public interface AuditLogQueries {
    String SELECT = "SELECT global_index, event_id, account_id, type, occurred_at, actor_type, actor_id,"
            + " request_id, client_ip, data::text AS data FROM rm_audit_log"
            + " WHERE account_id = :accountId AND (cast(:type AS TEXT) IS NULL OR type = :type) ";

    /** Oldest first, entries after position {@code after} (-1: from the start). */
    @SqlQuery(SELECT + "AND global_index > :after ORDER BY global_index LIMIT :limit")
    List<AuditEntryView> ascending(
            @Bind("accountId") String accountId,
            @Bind("type") String type,
            @Bind("after") long after,
            @Bind("limit") int limit);

    /** Newest first, entries before position {@code before} (Long.MAX_VALUE: from the newest). */
    @SqlQuery(SELECT + "AND global_index < :before ORDER BY global_index DESC LIMIT :limit")
    List<AuditEntryView> descending(
            @Bind("accountId") String accountId,
            @Bind("type") String type,
            @Bind("before") long before,
            @Bind("limit") int limit);
}
