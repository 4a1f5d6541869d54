package dev.postject.service.resources;

import dev.postject.service.errors.DomainException;
import dev.postject.service.sandbox.SandboxAddresses;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The link in a sandbox confirmation email: no credentials, the token is the proof. Answers a small page. */
@Path("/v1/sandbox/confirm")
public final class SandboxConfirmationResource {
    private final SandboxAddresses sandbox;

    public SandboxConfirmationResource(SandboxAddresses sandbox) {
        this.sandbox = sandbox;
    }

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public Response confirm(@QueryParam("token") String token) {
        try {
            String email = sandbox.confirm(token);
            return page(
                    200,
                    "Address confirmed",
                    "<strong>" + escape(email) + "</strong> can now receive test emails from this Postject account.");
        } catch (DomainException.NotFound e) {
            return page(
                    404,
                    "Link not valid",
                    "This confirmation link is invalid, already used, or expired."
                            + " Ask the sender to send a new one.");
        }
    }

    private static Response page(int status, String title, String message) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title
                + " - Postject</title><link rel=\"stylesheet\" href=\"/dashboard/page.css\"></head><body><h1>" + title
                + "</h1><p>" + message + "</p></body></html>";
        return Response.status(status)
                .type(MediaType.TEXT_HTML + ";charset=utf-8")
                .entity(html)
                .build();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
