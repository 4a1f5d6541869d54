package dev.postject.service.resources;

import dev.postject.projections.auditlog.AuditEntryView;
import dev.postject.projections.auditlog.AuditLogProjection;
import dev.postject.projections.auditlog.AuditLogQueries;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.resources.api.AuditEntryResponse;
import dev.postject.service.resources.api.Cursors;
import dev.postject.service.resources.api.Filters;
import dev.postject.service.resources.api.Page;
import java.util.List;

/** Pages of an account's audit log, shared by the account's and the admins' endpoints. */
final class AuditLog {
    private final AuditLogQueries queries;

    AuditLog(AuditLogQueries queries) {
        this.queries = queries;
    }

    Page<AuditEntryResponse> page(String accountId, String limitParam, String after, String type, String order) {
        int limit = Cursors.limit(limitParam);
        String filter = Filters.oneOf(type, "type", "invalid_event_type", AuditLogProjection.TYPES);
        Long position = Cursors.decodePosition(after);
        List<AuditEntryView> rows;
        if (order == null || order.isEmpty() || order.equals("asc")) {
            rows = queries.ascending(accountId, filter, position == null ? -1 : position, limit + 1);
        } else if (order.equals("desc")) {
            rows = queries.descending(accountId, filter, position == null ? Long.MAX_VALUE : position, limit + 1);
        } else {
            throw new Refusal.Invalid("invalid_order", "order must be 'asc' or 'desc'.", "order");
        }
        return Page.of(rows, limit, AuditEntryResponse::of, row -> Cursors.encode(Long.toString(row.position())));
    }
}
