package dev.postject.service.resources;

import dev.postject.events.AccountId;
import dev.postject.projections.accounts.AccountQueries;
import dev.postject.projections.auditlog.AuditLogQueries;
import dev.postject.service.auth.Caller;
import dev.postject.service.operators.SendingPauses;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.resources.api.AdminAccountResponse;
import dev.postject.service.resources.api.AuditEntryResponse;
import dev.postject.service.resources.api.Cursors;
import dev.postject.service.resources.api.DecisionRequest;
import dev.postject.service.resources.api.Filters;
import dev.postject.service.resources.api.Page;
import dev.postject.service.resources.api.PauseRequest;
import dev.postject.service.resources.api.ProductionAccessResponse;
import dev.postject.service.sandbox.ProductionAccess;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Platform operators: admin tokens only. */
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminResource {
    private static final List<String> REQUEST_STATUSES = List.of("pending", "approved", "rejected");
    private final AccountQueries accounts;
    private final AuditLog auditLog;
    private static final List<String> ONLY = List.of("true");

    private final ProductionAccess productionAccess;
    private final SendingPauses pauses;

    public AdminResource(
            AccountQueries accounts, AuditLogQueries audit, ProductionAccess productionAccess, SendingPauses pauses) {
        this.accounts = accounts;
        this.auditLog = new AuditLog(audit);
        this.productionAccess = productionAccess;
        this.pauses = pauses;
    }

    /** Production-access requests by status (default pending), oldest first. */
    @GET
    @Path("/production-requests")
    public Page<ProductionAccessResponse> productionRequests(
            @Auth Caller caller, @QueryParam("status") String status, @QueryParam("limit") String limit) {
        caller.requireAdmin();
        String wanted = Filters.oneOf(status, "status", "invalid_status", REQUEST_STATUSES);
        if (wanted == null) {
            wanted = "pending";
        }
        return Page.of(productionAccess.byStatus(wanted, Cursors.limit(limit)).stream()
                .map(ProductionAccessResponse::of)
                .toList());
    }

    @POST
    @Path("/production-requests/{accountId}/approve")
    public ProductionAccessResponse approve(@Auth Caller caller, @PathParam("accountId") String accountId) {
        caller.requireAdmin();
        return ProductionAccessResponse.of(productionAccess.decide(accountId, true, null));
    }

    @POST
    @Path("/production-requests/{accountId}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    public ProductionAccessResponse reject(
            @Auth Caller caller, @PathParam("accountId") String accountId, @NotNull @Valid DecisionRequest body) {
        caller.requireAdmin();
        return ProductionAccessResponse.of(
                productionAccess.decide(accountId, false, body.reason().strip()));
    }

    /** Accounts in opening order; {@code paused=true} only those paused, {@code atRisk=true} only those warned. */
    @GET
    @Path("/accounts")
    public Page<AdminAccountResponse> accounts(
            @Auth Caller caller,
            @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @QueryParam("paused") String paused,
            @QueryParam("atRisk") String atRisk) {
        caller.requireAdmin();
        int size = Cursors.limit(limit);
        String from = Cursors.decodeId(after, AccountId.PREFIX);
        boolean onlyPaused = Filters.oneOf(paused, "paused", "invalid_filter", ONLY) != null;
        boolean onlyAtRisk = Filters.oneOf(atRisk, "atRisk", "invalid_filter", ONLY) != null;
        return Page.of(
                accounts.page(from, onlyPaused, onlyAtRisk, size + 1),
                size,
                AdminAccountResponse::of,
                account -> Cursors.encode(account.id()));
    }

    @GET
    @Path("/accounts/{accountId}")
    public AdminAccountResponse account(@Auth Caller caller, @PathParam("accountId") String accountId) {
        caller.requireAdmin();
        return AdminAccountResponse.of(accounts.find(accountId)
                .orElseThrow(() -> new Refusal.NotFound("account_not_found", "No account with this id.")));
    }

    /** Every new email of the account refused (403 {@code sending_paused}) until it is resumed; the owner is mailed. */
    @POST
    @Path("/accounts/{accountId}/pause")
    @Consumes(MediaType.APPLICATION_JSON)
    public AdminAccountResponse pause(
            @Auth Caller caller, @PathParam("accountId") String accountId, @NotNull @Valid PauseRequest body) {
        caller.requireAdmin();
        return AdminAccountResponse.of(pauses.pause(accountId, body.reason()));
    }

    @POST
    @Path("/accounts/{accountId}/resume")
    public AdminAccountResponse resume(@Auth Caller caller, @PathParam("accountId") String accountId) {
        caller.requireAdmin();
        return AdminAccountResponse.of(pauses.resume(accountId));
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
            throw new Refusal.Invalid("missing_account_id", "accountId is required.", "accountId");
        }
        return auditLog.page(accountId, limit, after, type, order);
    }
}
