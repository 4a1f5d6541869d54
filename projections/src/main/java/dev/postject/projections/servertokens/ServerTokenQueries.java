package dev.postject.projections.servertokens;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(ServerTokenView.class)
public interface ServerTokenQueries {
    String COLUMNS = "t.token_id, t.account_id, t.name, t.token_hash, t.hint, t.created_at, t.expires_at,"
            + " t.allowed_networks, t.revoked_at, t.expired_at, u.last_used_at";
    String FROM = " FROM rm_server_tokens t LEFT JOIN server_token_usage u ON u.token_id = t.token_id ";
    String ACTIVE = " t.revoked_at IS NULL AND t.expired_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > :now) ";

    @SqlQuery("SELECT " + COLUMNS + FROM + "WHERE t.token_hash = :hash")
    Optional<ServerTokenView> findByHash(@Bind("hash") String tokenHash);

    @SqlQuery("SELECT " + COLUMNS + FROM + "WHERE t.account_id = :accountId AND t.token_id = :tokenId")
    Optional<ServerTokenView> find(@Bind("accountId") String accountId, @Bind("tokenId") String tokenId);

    /** Tokens that work at {@code now}, oldest first. */
    @SqlQuery("SELECT " + COLUMNS + FROM + "WHERE t.account_id = :accountId AND" + ACTIVE
            + "ORDER BY t.created_at, t.token_id")
    List<ServerTokenView> listActive(@Bind("accountId") String accountId, @Bind("now") Instant now);

    /** Every token of every account that works at {@code now} and names networks: the SMTP listener's table. */
    @SqlQuery("SELECT " + COLUMNS + FROM + "WHERE cardinality(t.allowed_networks) > 0 AND" + ACTIVE
            + "ORDER BY t.created_at, t.token_id")
    List<ServerTokenView> withNetworks(@Bind("now") Instant now);

    /**
     * Which of {@code networks} (canonical CIDR texts) overlap a network of another account's token
     * that works at {@code now}: contain it, lie within it, or are it.
     */
    @SqlQuery("SELECT DISTINCT wanted FROM unnest(cast(:networks AS TEXT[])) AS wanted, rm_server_tokens t,"
            + " unnest(t.allowed_networks) AS taken WHERE t.account_id <> :accountId AND" + ACTIVE
            + "AND cast(wanted AS CIDR) && cast(taken AS CIDR) ORDER BY wanted")
    List<String> claimedByOthers(
            @Bind("accountId") String accountId, @Bind("networks") String[] networks, @Bind("now") Instant now);

    /** Tokens past their expiry that the ledger does not yet record as expired. */
    @SqlQuery("SELECT " + COLUMNS + FROM
            + "WHERE t.revoked_at IS NULL AND t.expired_at IS NULL AND t.expires_at <= :now"
            + " ORDER BY t.expires_at LIMIT :limit")
    List<ServerTokenView> dueForExpiry(@Bind("now") Instant now, @Bind("limit") int limit);

    /** Records when tokens were last used; a later time never goes backwards. */
    @SqlBatch("INSERT INTO server_token_usage (token_id, last_used_at) VALUES (:tokenId, :usedAt)"
            + " ON CONFLICT (token_id) DO UPDATE SET"
            + " last_used_at = greatest(server_token_usage.last_used_at, EXCLUDED.last_used_at)")
    void recordUsage(@Bind("tokenId") Collection<String> tokenIds, @Bind("usedAt") Collection<Instant> usedAt);
}
