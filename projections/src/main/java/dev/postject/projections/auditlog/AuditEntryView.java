package dev.postject.projections.auditlog;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.ColumnName;

/** One ledger entry of an account, as the audit log shows it. {@code data} is a JSON object. */
public record AuditEntryView(
        @ColumnName("global_index") long position,
        @ColumnName("event_id") String id,
        @ColumnName("account_id") String accountId,
        String type,
        @ColumnName("occurred_at") Instant occurredAt,
        @ColumnName("actor_type") String actorType,
        @ColumnName("actor_id") String actorId,
        @ColumnName("request_id") String requestId,
        @ColumnName("client_ip") String clientIp,
        String data) {}
