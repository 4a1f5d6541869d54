package dev.postject.service.resources;

import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.platform.http.WebLinks;
import dev.postject.service.sending.Engagements;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Base64;

/**
 * The tracking pixel and tracked links, on the public URL, without authentication: the token is
 * the proof. A token Postject did not make gets 404, so a click can never redirect elsewhere. The
 * link goes out as the URI a browser would have visited for it ({@link WebLinks}), whatever
 * characters it holds.
 */
@Path("/t")
public final class TrackingResource {
    /** A transparent 1x1 GIF. */
    private static final byte[] PIXEL =
            Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final Engagements tracking;

    public TrackingResource(Engagements tracking) {
        this.tracking = tracking;
    }

    @GET
    @Path("/o/{token}")
    public Response open(@PathParam("token") String token, @HeaderParam(HttpHeaders.USER_AGENT) String userAgent) {
        if (!tracking.opened(token, userAgent)) {
            throw notFound();
        }
        return Response.ok(PIXEL, "image/gif").cacheControl(noStore()).build();
    }

    @GET
    @Path("/c/{token}")
    public Response click(@PathParam("token") String token, @HeaderParam(HttpHeaders.USER_AGENT) String userAgent) {
        String url = tracking.clicked(token, userAgent).orElseThrow(TrackingResource::notFound);
        return Response.status(302)
                .location(WebLinks.toUri(url))
                .cacheControl(noStore())
                .build();
    }

    private static CacheControl noStore() {
        CacheControl control = new CacheControl();
        control.setNoStore(true);
        control.setNoCache(true);
        return control;
    }

    private static Refusal notFound() {
        return new Refusal.NotFound("not_found", "No such link.");
    }
}
