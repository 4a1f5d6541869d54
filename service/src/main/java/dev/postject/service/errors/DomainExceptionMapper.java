package dev.postject.service.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

public final class DomainExceptionMapper implements ExceptionMapper<DomainException> {
    @Override
    public Response toResponse(DomainException e) {
        Response response = ApiError.response(e.status(), e.code(), e.getMessage(), e.field(), e.details());
        if (e instanceof DomainException.RateLimited limited) {
            response.getHeaders().putSingle("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        if (e.status() == 401) {
            response.getHeaders().putSingle("WWW-Authenticate", "Bearer realm=\"postject\"");
        }
        return response;
    }
}
