package dev.postject.projections.domains;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(DomainView.class)
public interface DomainQueries {
    String COLUMNS = "domain_id, account_id, name, status, verification_token, dkim_selector, dkim_public_key,"
            + " created_at, verified_at";

    @SqlQuery("SELECT " + COLUMNS + " FROM rm_domains WHERE account_id = :accountId ORDER BY created_at, domain_id")
    List<DomainView> list(@Bind("accountId") String accountId);

    @SqlQuery("SELECT " + COLUMNS + " FROM rm_domains WHERE account_id = :accountId AND domain_id = :id")
    Optional<DomainView> find(@Bind("accountId") String accountId, @Bind("id") String domainId);

    /** The account's verified domain of this (lower-case) name, if it has one. */
    @SqlQuery("SELECT " + COLUMNS + " FROM rm_domains WHERE account_id = :accountId AND name = :name"
            + " AND status = 'verified'")
    Optional<DomainView> verified(@Bind("accountId") String accountId, @Bind("name") String name);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM rm_domains WHERE account_id = :accountId AND status = 'verified')")
    boolean hasVerified(@Bind("accountId") String accountId);

    /** Every account's domain of this (lower-case) name, pending or verified. */
    @SqlQuery("SELECT " + COLUMNS + " FROM rm_domains WHERE name = :name ORDER BY created_at, domain_id")
    List<DomainView> named(@Bind("name") String name);

    /** Every verified domain, for the periodic recheck, after the given id (null: from the start). */
    @SqlQuery("SELECT " + COLUMNS + " FROM rm_domains WHERE status = 'verified'"
            + " AND (cast(:after AS TEXT) IS NULL OR domain_id > :after) ORDER BY domain_id LIMIT :limit")
    List<DomainView> verifiedPage(@Bind("after") String afterDomainId, @Bind("limit") int limit);
}
