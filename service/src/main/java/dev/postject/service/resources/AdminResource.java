package dev.postject.service.resources;

import dev.postject.projections.accounts.AccountQueries;
import dev.postject.projections.auditlog.AuditLogQueries;
import dev.postject.service.auth.Caller;
import dev.postject.service.errors.DomainException;
import dev.postject.service.resources.api.AdminAccountResponse;
import dev.postject.service.resources.api.AuditEntryResponse;
import dev.postject.service.resources.api.Cursors;
import dev.postject.service.resources.api.Page;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Platform operators: admin tokens only. */
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminResource {
    private final AccountQueries accounts;
    private final AuditLog auditLog;

    public AdminResource(AccountQueries accounts, AuditLogQueries audit) {
        this.accounts = accounts;
        this.auditLog = new AuditLog(audit);
    }

    @GET
    @Path("/accounts")
    public Page<AdminAccountResponse> accounts(
            @Auth Caller caller, @QueryParam("limit") String limit, @QueryParam("after") String after) {
        caller.requireAdmin();
        int size = Cursors.limit(limit);
        String from = after == null ? null : Cursors.decode(after);
        return Page.of(
                accounts.page(from, size + 1), size, AdminAccountResponse::of, account -> Cursors.encode(account.id()));
    }

    @GET
    @Path("/audit-log")
    public Page<AuditEntryResponse> auditLog(
            @Auth Caller caller,
            @QueryParam("accountId") String accountId,
            @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @QueryParam("type") String type,
            @QueryParam("order") String order) {
        caller.requireAdmin();
        if (accountId == null || accountId.isBlank()) {
            throw new DomainException.Invalid("missing_account_id", "accountId is required.", "accountId");
        }
        return auditLog.page(accountId, limit, after, type, order);
    }
}
