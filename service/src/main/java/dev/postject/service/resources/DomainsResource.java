package dev.postject.service.resources;

import dev.postject.service.auth.Caller;
import dev.postject.service.domains.Domains;
import dev.postject.service.resources.api.DomainRequest;
import dev.postject.service.resources.api.DomainResponse;
import dev.postject.service.resources.api.Page;
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

/** Sending domains: the records to publish, DNS verification, removal. */
@Path("/v1/domains")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class DomainsResource {
    private final Domains domains;

    public DomainsResource(Domains domains) {
        this.domains = domains;
    }

    @POST
    public Response add(@Auth Caller caller, @NotNull @Valid DomainRequest body) {
        return Response.status(201)
                .entity(DomainResponse.of(domains.add(caller.account(), body.name()), domains.dns()))
                .build();
    }

    @GET
    public Page<DomainResponse> list(@Auth Caller caller) {
        return Page.of(domains.list(caller.account()).stream()
                .map(domain -> DomainResponse.of(domain, domains.dns()))
                .toList());
    }

    @GET
    @Path("/{id}")
    public DomainResponse get(@Auth Caller caller, @PathParam("id") String id) {
        return DomainResponse.of(domains.find(caller.account(), id), domains.dns());
    }

    @POST
    @Path("/{id}/verify")
    public DomainResponse verify(@Auth Caller caller, @PathParam("id") String id) {
        Domains.Verification verification = domains.verify(caller.account(), id);
        return DomainResponse.of(verification.domain(), domains.dns(), verification.checks());
    }

    @DELETE
    @Path("/{id}")
    public Response remove(@Auth Caller caller, @PathParam("id") String id) {
        domains.remove(caller.account(), id);
        return Response.noContent().build();
    }
}
