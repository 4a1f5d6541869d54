package dev.postject.service.resources;

import dev.postject.events.AccountId;
import dev.postject.events.ApiKeyId;
import dev.postject.projections.apikeys.ApiKeyQueries;
import dev.postject.projections.apikeys.ApiKeyView;
import dev.postject.service.account.CreateKey;
import dev.postject.service.account.RevokeKey;
import dev.postject.service.auth.ApiKeys;
import dev.postject.service.auth.Caller;
import dev.postject.service.auth.KeyUsage;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.text.Ids;
import dev.postject.service.platform.text.SecretFormat;
import dev.postject.service.resources.api.CreateKeyRequest;
import dev.postject.service.resources.api.CreatedKeyResponse;
import dev.postject.service.resources.api.KeyResponse;
import dev.postject.service.resources.api.Page;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * API key management: dashboard tokens only, so a leaked key cannot mint or revoke keys. A key is
 * {@code full_access} or {@code sending_access}, a sending key perhaps limited to one verified
 * domain of the account (the rules are the {@code Account}'s).
 */
@Path("/v1/auth/api-keys")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class ApiKeysResource {
    static final String DEFAULT_NAME = "API key";

    private final CommandGateway commands;
    private final ApiKeyQueries keys;
    private final KeyUsage usage;
    private final Clock clock;

    public ApiKeysResource(CommandGateway commands, ApiKeyQueries keys, KeyUsage usage, Clock clock) {
        this.commands = commands;
        this.keys = keys;
        this.usage = usage;
        this.clock = clock;
    }

    @POST
    public Response create(@Auth Caller caller, @Valid CreateKeyRequest body) {
        AccountId account = caller.dashboardAccount();
        CreateKeyRequest request = body == null ? new CreateKeyRequest(null, null) : body;
        if (request.domainId() != null && request.domain() != null) {
            throw new Refusal.Invalid(
                    "invalid_domain", "Name the key's domain by 'domainId' or by 'domain', not both.", "domain");
        }
        String domain = request.domainId() != null ? request.domainId() : request.domain();
        String name = request.name() == null || request.name().isBlank()
                ? DEFAULT_NAME
                : request.name().strip();
        SecretFormat.Issued issued = ApiKeys.issue();
        ApiKeyId keyId = new ApiKeyId(Ids.newId(ApiKeyId.PREFIX));
        commands.sendAndWait(new CreateKey(
                account,
                keyId,
                name,
                issued.hash(),
                issued.hint(),
                request.expiresInDays(),
                request.permission(),
                domain));
        ApiKeyView view = keys.find(account.value(), keyId.value()).orElseThrow();
        return Response.status(201)
                .entity(new CreatedKeyResponse(
                        view.id(),
                        view.name(),
                        issued.plaintext(),
                        view.hint(),
                        view.createdAt(),
                        view.expiresAt(),
                        view.permission(),
                        view.domainId(),
                        view.domain()))
                .build();
    }

    @GET
    public Page<KeyResponse> list(@Auth Caller caller) {
        AccountId account = caller.dashboardAccount();
        usage.flush();
        return Page.of(keys.listActive(account.value(), clock.instant()).stream()
                .map(KeyResponse::of)
                .toList());
    }

    @DELETE
    @Path("/{keyId}")
    public Response revoke(@Auth Caller caller, @PathParam("keyId") String keyId) {
        commands.sendAndWait(new RevokeKey(caller.dashboardAccount(), new ApiKeyId(keyId)));
        return Response.noContent().build();
    }
}
