package dev.postject.service.platform.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

public final class RefusalMapper implements ExceptionMapper<Refusal> {
    @Override
    public Response toResponse(Refusal e) {
        Response response = ApiError.response(e.status(), e.code(), e.getMessage(), e.field(), e.details());
        if (e instanceof Refusal.RateLimited limited) {
            response.getHeaders().putSingle("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        if (e.status() == 401) {
            response.getHeaders().putSingle("WWW-Authenticate", "Bearer realm=\"postject\"");
        }
        return response;
    }
}
