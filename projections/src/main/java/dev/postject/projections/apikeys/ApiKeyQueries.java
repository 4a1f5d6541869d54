package dev.postject.projections.apikeys;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(ApiKeyView.class)
public interface ApiKeyQueries {
    String COLUMNS = "k.key_id, k.account_id, k.name, k.key_hash, k.hint, k.created_at, k.expires_at,"
            + " k.revoked_at, k.expired_at, u.last_used_at, k.permission, k.domain_id, k.domain";
    String FROM = " FROM rm_api_keys k LEFT JOIN api_key_usage u ON u.key_id = k.key_id ";

    @SqlQuery("SELECT " + COLUMNS + FROM + "WHERE k.key_hash = :hash")
    Optional<ApiKeyView> findByHash(@Bind("hash") String keyHash);

    @SqlQuery("SELECT " + COLUMNS + FROM + "WHERE k.account_id = :accountId AND k.key_id = :keyId")
    Optional<ApiKeyView> find(@Bind("accountId") String accountId, @Bind("keyId") String keyId);

    /** Keys that work at {@code now}, oldest first. */
    @SqlQuery("SELECT " + COLUMNS + FROM
            + "WHERE k.account_id = :accountId AND k.revoked_at IS NULL AND k.expired_at IS NULL"
            + " AND (k.expires_at IS NULL OR k.expires_at > :now) ORDER BY k.created_at, k.key_id")
    List<ApiKeyView> listActive(@Bind("accountId") String accountId, @Bind("now") Instant now);

    /** Keys past their expiry that the ledger does not yet record as expired. */
    @SqlQuery("SELECT " + COLUMNS + FROM
            + "WHERE k.revoked_at IS NULL AND k.expired_at IS NULL AND k.expires_at <= :now"
            + " ORDER BY k.expires_at LIMIT :limit")
    List<ApiKeyView> dueForExpiry(@Bind("now") Instant now, @Bind("limit") int limit);

    /** Records when keys were last used; a later time never goes backwards. */
    @SqlBatch(
            "INSERT INTO api_key_usage (key_id, last_used_at) VALUES (:keyId, :usedAt)"
                    + " ON CONFLICT (key_id) DO UPDATE SET last_used_at = greatest(api_key_usage.last_used_at, EXCLUDED.last_used_at)")
    void recordUsage(@Bind("keyId") Collection<String> keyIds, @Bind("usedAt") Collection<Instant> usedAt);
}
