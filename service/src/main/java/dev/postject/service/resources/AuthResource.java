package dev.postject.service.resources;

import dev.postject.service.auth.DashboardAuth;
import dev.postject.service.auth.DashboardTokens;
import dev.postject.service.resources.api.LoginRequest;
import dev.postject.service.resources.api.SignupRequest;
import dev.postject.service.resources.api.SignupResponse;
import dev.postject.service.resources.api.TokenResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class AuthResource {
    private final DashboardAuth auth;

    public AuthResource(DashboardAuth auth) {
        this.auth = auth;
    }

    @POST
    @Path("/signup")
    public Response signUp(@NotNull @Valid SignupRequest body) {
        DashboardAuth.SignedUp result = auth.signUp(body.email(), body.password(), body.accountName());
        return Response.status(201)
                .entity(new SignupResponse(
                        result.accountId(),
                        result.userId(),
                        result.session().token(),
                        result.session().expiresAt()))
                .build();
    }

    @POST
    @Path("/login")
    public TokenResponse logIn(@NotNull @Valid LoginRequest body) {
        DashboardTokens.Issued session = auth.logIn(body.email(), body.password());
        return new TokenResponse(session.token(), session.expiresAt());
    }
}
