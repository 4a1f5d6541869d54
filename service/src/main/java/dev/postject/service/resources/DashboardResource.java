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
 * The dashboard: a page and its scripts and styles, served from Postject's own resources, and the
 * chart library (uPlot) from its webjar in the same jar. It uses the public JSON API like any
 * client; the strict Content-Security-Policy of every HTML page ({@code platform/http/SecurityHeaders})
 * allows only these files.
 */
@Path("/")
public final class DashboardResource {
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

    private record File(String resource, String type) {}

    private static final Map<String, File> FILES = Map.of(
            "index.html", new File("/dashboard/index.html", "text/html; charset=utf-8"),
            "app.js", new File("/dashboard/app.js", "text/javascript; charset=utf-8"),
            "tokens.js", new File("/dashboard/tokens.js", "text/javascript; charset=utf-8"),
            "overview.js", new File("/dashboard/overview.js", "text/javascript; charset=utf-8"),
            "admin.js", new File("/dashboard/admin.js", "text/javascript; charset=utf-8"),
            "app.css", new File("/dashboard/app.css", "text/css; charset=utf-8"),
            "uPlot.iife.min.js", new File(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "uPlot.min.css", new File(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

    @GET
    public Response index() {
        return file("index.html");
    }

    @GET
    @Path("dashboard/{file}")
    public Response file(@PathParam("file") String name) {
        File file = FILES.get(name);
        if (file == null) {
            throw new Refusal.NotFound("not_found", "No such file.");
        }
        try (InputStream in = DashboardResource.class.getResourceAsStream(file.resource())) {
            return Response.ok(in.readAllBytes(), file.type())
                    .header("Cache-Control", "no-cache")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
