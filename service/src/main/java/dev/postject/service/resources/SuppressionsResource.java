package dev.postject.service.resources;

import dev.postject.projections.suppressions.SuppressionQueries;
import dev.postject.service.account.RemoveSuppression;
import dev.postject.service.auth.Caller;
import dev.postject.service.resources.api.Page;
import dev.postject.service.resources.api.SuppressionResponse;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.axonframework.commandhandling.gateway.CommandGateway;

/** The account's suppression list: addresses later sends skip (hard bounces, complaints, repeated soft bounces). */
@Path("/v1/suppressions")
@Produces(MediaType.APPLICATION_JSON)
public final class SuppressionsResource {
    private final CommandGateway commands;
    private final SuppressionQueries queries;

    public SuppressionsResource(CommandGateway commands, SuppressionQueries queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @GET
    public Page<SuppressionResponse> list(@Auth Caller caller) {
        return Page.of(queries.list(caller.account().value()).stream()
                .map(SuppressionResponse::of)
                .toList());
    }

    @DELETE
    @Path("/{email}")
    public Response remove(@Auth Caller caller, @PathParam("email") String email) {
        commands.sendAndWait(new RemoveSuppression(caller.account(), email));
        return Response.noContent().build();
    }
}
