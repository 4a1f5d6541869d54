package dev.postject.service.resources;

import dev.postject.service.auth.Caller;
import dev.postject.service.resources.api.ProductionAccessRequest;
import dev.postject.service.resources.api.ProductionAccessResponse;
import dev.postject.service.sandbox.ProductionAccess;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Account -> Production Access: the checklist, the request, the decision. */
@Path("/v1/account/production-access")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class ProductionAccessResource {
    private final ProductionAccess access;

    public ProductionAccessResource(ProductionAccess access) {
        this.access = access;
    }

    @GET
    public ProductionAccessResponse get(@Auth Caller caller) {
        return ProductionAccessResponse.of(access.state(caller.account()));
    }

    /** Dashboard token only: asking to leave the sandbox is the account owner's act, not an app's. */
    @POST
    public Response request(@Auth Caller caller, @NotNull @Valid ProductionAccessRequest body) {
        return Response.accepted(ProductionAccessResponse.of(
                        access.request(caller.dashboardAccount(), body.useCase().strip(), body.website())))
                .build();
    }
}
