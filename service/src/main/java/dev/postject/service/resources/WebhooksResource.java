package dev.postject.service.resources;

import dev.postject.service.auth.Caller;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.resources.api.Cursors;
import dev.postject.service.resources.api.Page;
import dev.postject.service.resources.api.WebhookRequest;
import dev.postject.service.resources.api.WebhookResponse;
import dev.postject.service.webhooks.Webhooks;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Webhook endpoints: where Postject pushes what happened, signed, retried, replayable. */
@Path("/v1/webhooks")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class WebhooksResource {
    private final Webhooks webhooks;

    public WebhooksResource(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    public Response create(@Auth Caller caller, @NotNull @Valid WebhookRequest body) {
        if (body.url() == null) {
            throw new Refusal.Invalid("invalid_field", "'url' is required.", "url");
        }
        if (body.enabled() != null) {
            throw new Refusal.Invalid("invalid_field", "A new endpoint is enabled; 'enabled' is for PATCH.", "enabled");
        }
        Webhooks.Endpoint created = webhooks.create(caller.account(), body.url(), body.events());
        return Response.status(201)
                .entity(WebhookResponse.of(created.webhook(), created.secret()))
                .build();
    }

    @GET
    public Page<WebhookResponse> list(@Auth Caller caller) {
        return Page.of(webhooks.list(caller.account()).stream()
                .map(w -> WebhookResponse.of(w, null))
                .toList());
    }

    @GET
    @Path("/{id}")
    public WebhookResponse get(@Auth Caller caller, @PathParam("id") String id) {
        Webhooks.Endpoint endpoint = webhooks.reveal(caller.account(), id);
        return WebhookResponse.of(endpoint.webhook(), endpoint.secret());
    }

    @PATCH
    @Path("/{id}")
    public WebhookResponse update(
            @Auth Caller caller, @PathParam("id") String id, @NotNull @Valid WebhookRequest body) {
        return WebhookResponse.of(
                webhooks.update(caller.account(), id, body.url(), body.events(), body.enabled()), null);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@Auth Caller caller, @PathParam("id") String id) {
        webhooks.delete(caller.account(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/rotate-secret")
    public WebhookResponse rotate(@Auth Caller caller, @PathParam("id") String id) {
        Webhooks.Endpoint endpoint = webhooks.rotateSecret(caller.account(), id);
        return WebhookResponse.of(endpoint.webhook(), endpoint.secret());
    }

    @GET
    @Path("/{id}/deliveries")
    public Page<Webhooks.Delivery> deliveries(
            @Auth Caller caller, @PathParam("id") String id, @QueryParam("limit") String limit) {
        return Page.of(webhooks.deliveries(caller.account(), id, Cursors.limit(limit)));
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/retry")
    public Response retry(@Auth Caller caller, @PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        webhooks.retry(caller.account(), id, deliveryId);
        return Response.accepted(Map.of("id", deliveryId, "status", "pending")).build();
    }
}
