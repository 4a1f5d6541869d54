package dev.postject.service.resources;

import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.sandbox.SandboxAddresses;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * The link in a sandbox confirmation email: no credentials, the token is the proof. Opening it
 * changes nothing (mail security gateways open every link in a message): it shows a page whose
 * button posts the token back, and that post confirms. Plain pages, no script; the strict page
 * policy comes from {@code platform/http/SecurityHeaders}.
 */
@Path("/v1/sandbox/confirm")
@Produces(MediaType.TEXT_HTML + ";charset=utf-8")
public final class SandboxConfirmationResource {
    private final SandboxAddresses sandbox;

    public SandboxConfirmationResource(SandboxAddresses sandbox) {
        this.sandbox = sandbox;
    }

    @GET
    public Response show(@QueryParam("token") String token) {
        return orInvalid(() -> {
            String email = sandbox.pendingAddress(token);
            return page(
                    200,
                    "Confirm your address",
                    "<p>A Postject account wants to send test emails to <strong>" + escape(email) + "</strong>.</p>"
                            + "<form method=\"post\" action=\"confirm\">"
                            + "<input type=\"hidden\" name=\"token\" value=\"" + escape(token) + "\">"
                            + "<button type=\"submit\">Confirm</button></form>"
                            + "<p class=\"muted\">If you do not expect them, close this page:"
                            + " nothing will be sent to you.</p>");
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirm(@FormParam("token") String token) {
        return orInvalid(() -> {
            String email = sandbox.confirm(token);
            return page(
                    200,
                    "Address confirmed",
                    "<p><strong>" + escape(email) + "</strong> can now receive test emails from this Postject"
                            + " account.</p>");
        });
    }

    private static Response orInvalid(Supplier<Response> page) {
        try {
            return page.get();
        } catch (Refusal.NotFound e) {
            return page(
                    404,
                    "Link not valid",
                    "<p>This confirmation link is invalid, already used, or expired."
                            + " Ask the sender to send a new one.</p>");
        }
    }

    /** {@code body} is markup: every value in it is escaped by the caller. */
    private static Response page(int status, String title, String body) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"no-referrer\"><title>" + title + " - Postject</title>"
                + "<link rel=\"stylesheet\" href=\"../../dashboard/app.css\"></head><body>"
                + "<header><span class=\"brand\">Postject</span></header><main><h1>" + title + "</h1>" + body
                + "</main></body></html>\n";
        return Response.status(status)
                .type(MediaType.TEXT_HTML + ";charset=utf-8")
                .header("Cache-Control", "no-store")
                .entity(html)
                .build();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
