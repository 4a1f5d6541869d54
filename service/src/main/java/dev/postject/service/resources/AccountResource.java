package dev.postject.service.resources;

import dev.postject.projections.auditlog.AuditLogQueries;
import dev.postject.service.account.AccountHistory;
import dev.postject.service.account.ChangeDefaults;
import dev.postject.service.auth.Caller;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.resources.api.AccountAnswer;
import dev.postject.service.resources.api.AccountAtResponse;
import dev.postject.service.resources.api.AccountPatchRequest;
import dev.postject.service.resources.api.AccountResponse;
import dev.postject.service.resources.api.AuditEntryResponse;
import dev.postject.service.resources.api.Page;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.axonframework.commandhandling.gateway.CommandGateway;

@Path("/v1/account")
@Produces(MediaType.APPLICATION_JSON)
public final class AccountResource {
    private final ReadModelCaches caches;
    private final AuditLog auditLog;
    private final AccountHistory history;
    private final CommandGateway commands;

    public AccountResource(
            ReadModelCaches caches, AuditLogQueries audit, AccountHistory history, CommandGateway commands) {
        this.caches = caches;
        this.auditLog = new AuditLog(audit);
        this.history = history;
        this.commands = commands;
    }

    /** Sets the account's defaults for new emails (open and click tracking). */
    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public AccountResponse patch(@Auth Caller caller, @NotNull @Valid AccountPatchRequest body) {
        commands.sendAndWait(new ChangeDefaults(
                caller.account(), body.defaults().trackOpens(), body.defaults().trackClicks()));
        return current(caller);
    }

    /**
     * The caller's account, with an API key or a dashboard token; with {@code ?at=<instant>}, as
     * it was then, rebuilt from the ledger.
     */
    @GET
    public AccountAnswer get(@Auth Caller caller, @QueryParam("at") String at) {
        if (at != null) {
            Instant instant;
            try {
                instant = Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new Refusal.Invalid(
                        "invalid_instant", "'at' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z.", "at");
            }
            return AccountAtResponse.of(history.at(caller.account(), instant));
        }
        return current(caller);
    }

    private AccountResponse current(Caller caller) {
        return caches.account(caller.account().value())
                .map(AccountResponse::of)
                .orElseThrow(() -> new Refusal.NotFound("account_not_found", "This account does not exist."));
    }

    @GET
    @Path("/audit-log")
    public Page<AuditEntryResponse> auditLog(
            @Auth Caller caller,
            @QueryParam("limit") String limit,
            @QueryParam("after") String after,
            @QueryParam("type") String type,
            @QueryParam("order") String order) {
        return auditLog.page(caller.dashboardAccount().value(), limit, after, type, order);
    }
}
