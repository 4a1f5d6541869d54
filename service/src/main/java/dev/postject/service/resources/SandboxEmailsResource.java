package dev.postject.service.resources;

import dev.postject.projections.sandbox.SandboxEmailQueries;
import dev.postject.service.auth.Caller;
import dev.postject.service.resources.api.Page;
import dev.postject.service.resources.api.SandboxEmailRequest;
import dev.postject.service.resources.api.SandboxEmailResponse;
import dev.postject.service.sandbox.SandboxAddresses;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Account -> Sandbox Emails: the addresses a sandbox account may send to, once confirmed. */
@Path("/v1/account/sandbox-emails")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class SandboxEmailsResource {
    private final SandboxAddresses sandbox;
    private final SandboxEmailQueries queries;

    public SandboxEmailsResource(SandboxAddresses sandbox, SandboxEmailQueries queries) {
        this.sandbox = sandbox;
        this.queries = queries;
    }

    @POST
    public Response add(@Auth Caller caller, @NotNull @Valid SandboxEmailRequest body) {
        return Response.status(201)
                .entity(SandboxEmailResponse.of(
                        sandbox.add(caller.account(), body.email().strip())))
                .build();
    }

    @GET
    public Page<SandboxEmailResponse> list(@Auth Caller caller) {
        return Page.of(queries.list(caller.account().value()).stream()
                .map(SandboxEmailResponse::of)
                .toList());
    }

    @POST
    @Path("/{email}/resend-confirmation")
    public Response resend(@Auth Caller caller, @PathParam("email") String email) {
        sandbox.resend(caller.account(), email);
        return Response.accepted(Map.of("email", email, "status", "pending")).build();
    }

    @DELETE
    @Path("/{email}")
    public Response remove(@Auth Caller caller, @PathParam("email") String email) {
        sandbox.remove(caller.account(), email);
        return Response.noContent().build();
    }
}
