package dev.postject.service.resources;

import dev.postject.events.AccountId;
import dev.postject.events.ServerTokenId;
import dev.postject.projections.servertokens.ServerTokenQueries;
import dev.postject.projections.servertokens.ServerTokenView;
import dev.postject.service.account.RevokeServerToken;
import dev.postject.service.auth.Caller;
import dev.postject.service.auth.KeyUsage;
import dev.postject.service.auth.ServerTokenIssuer;
import dev.postject.service.resources.api.CreateServerTokenRequest;
import dev.postject.service.resources.api.CreatedServerTokenResponse;
import dev.postject.service.resources.api.Page;
import dev.postject.service.resources.api.ServerTokenResponse;
import dev.postject.service.resources.api.SmtpSettingsResponse;
import dev.postject.service.submission.SubmissionEndpoint;
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
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Server token management: dashboard tokens only, like API keys. The create answer shows the
 * token once, with the SMTP settings to copy.
 */
@Path("/v1/server-tokens")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class ServerTokensResource {
    private final ServerTokenIssuer issuer;
    private final CommandGateway commands;
    private final ServerTokenQueries tokens;
    private final KeyUsage usage;
    private final Supplier<SubmissionEndpoint> submission;
    private final Clock clock;

    public ServerTokensResource(
            ServerTokenIssuer issuer,
            CommandGateway commands,
            ServerTokenQueries tokens,
            KeyUsage usage,
            Supplier<SubmissionEndpoint> submission,
            Clock clock) {
        this.issuer = issuer;
        this.commands = commands;
        this.tokens = tokens;
        this.usage = usage;
        this.submission = submission;
        this.clock = clock;
    }

    @POST
    public Response create(@Auth Caller caller, @Valid CreateServerTokenRequest body) {
        AccountId account = caller.dashboardAccount();
        CreateServerTokenRequest request = body == null ? new CreateServerTokenRequest(null, null, null) : body;
        ServerTokenIssuer.Issued issued =
                issuer.issue(account, request.name(), request.expiresInDays(), request.allowedNetworks());
        ServerTokenView view = issued.view();
        SubmissionEndpoint smtp = submission.get();
        return Response.status(201)
                .entity(new CreatedServerTokenResponse(
                        view.id(),
                        view.name(),
                        issued.token(),
                        view.hint(),
                        view.createdAt(),
                        view.expiresAt(),
                        view.allowedNetworks(),
                        SmtpSettingsResponse.of(smtp.host(), smtp.starttlsPort(), smtp.tlsPort(), issued.token())))
                .build();
    }

    @GET
    public Page<ServerTokenResponse> list(@Auth Caller caller) {
        AccountId account = caller.dashboardAccount();
        usage.flush();
        return Page.of(tokens.listActive(account.value(), clock.instant()).stream()
                .map(ServerTokenResponse::of)
                .toList());
    }

    @DELETE
    @Path("/{tokenId}")
    public Response revoke(@Auth Caller caller, @PathParam("tokenId") String tokenId) {
        commands.sendAndWait(new RevokeServerToken(caller.dashboardAccount(), new ServerTokenId(tokenId)));
        return Response.noContent().build();
    }
}
