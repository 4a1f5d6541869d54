package dev.postject.service.resources.compat;

import dev.postject.service.platform.errors.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Every error answer on a dialect's paths in that dialect's shape: whatever produced Postject's
 * {@code {"error":{...}}} (a refusal of the send path, unreadable JSON, a body over the size limit,
 * an unknown method, an unexpected failure) reaches a Postmark client as {@code {"ErrorCode",
 * "Message"}} and a Resend client as {@code {"statusCode","name","message"}}, headers (e.g.
 * {@code Retry-After}) kept.
 */
public final class DialectErrors implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || !(response.getEntity() instanceof ApiError error)) {
            return;
        }
        ApiError.Body body = error.error();
        int status = response.getStatus();
        switch (dialectOf(request.getUriInfo().getPath())) {
            case POSTMARK -> {
                response.setStatus(Postmark.status(status));
                response.setEntity(Postmark.answer(status, body.code(), body.message(), body.field()));
            }
            case RESEND -> {
                var answer = Resend.error(status, body.code(), body.message(), body.field());
                response.setStatus(answer.statusCode());
                response.setEntity(answer);
            }
            case NONE -> {}
        }
    }

    private enum Dialect {
        POSTMARK,
        RESEND,
        NONE
    }

    private static Dialect dialectOf(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return switch (trimmed) {
            case PostmarkResource.PATH, PostmarkResource.PATH + "/batch" -> Dialect.POSTMARK;
            case ResendResource.PATH, ResendResource.PATH + "/batch" -> Dialect.RESEND;
            default -> Dialect.NONE;
        };
    }
}
