package dev.postject.projections.domains;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

/** A sending domain: {@code pending} until DNS shows its records, then {@code verified}. */
public record DomainView(
        @ColumnName("domain_id") String id,
        @ColumnName("account_id") String accountId,
        String name,
        String status,
        @ColumnName("verification_token") String verificationToken,
        @ColumnName("dkim_selector") String dkimSelector,
        @ColumnName("dkim_public_key") String dkimPublicKey,
        @ColumnName("created_at") Instant createdAt,
        @ColumnName("verified_at") Instant verifiedAt) {}
