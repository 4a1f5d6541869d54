package dev.postject.service.resources;

import dev.postject.service.platform.errors.Refusal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard: a page and its script and style, served from Postject's own resources. It uses
 * the public JSON API like any client; the strict Content-Security-Policy of every HTML page
 * ({@code platform/http/SecurityHeaders}) allows only these files.
 */
@Path("/")
public final class DashboardResource {
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "tokens.js", "text/javascript; charset=utf-8",
            "admin.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    @GET
    public Response index() {
        return file("index.html");
    }

    @GET
    @Path("dashboard/{file}")
    public Response file(@PathParam("file") String name) {
        String type = FILES.get(name);
        if (type == null) {
            throw new Refusal.NotFound("not_found", "No such file.");
        }
        try (InputStream in = DashboardResource.class.getResourceAsStream("/dashboard/" + name)) {
            return Response.ok(in.readAllBytes(), type)
                    .header("Cache-Control", "no-cache")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
