package dev.postject.service.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** An unauthenticated liveness answer on the API port (and the baseline of the auth benchmark). */
@Path("/v1/ping")
@Produces(MediaType.APPLICATION_JSON)
public final class PingResource {
    private static final Map<String, String> PONG = Map.of("status", "ok");

    @GET
    public Map<String, String> ping() {
        return PONG;
    }
}
