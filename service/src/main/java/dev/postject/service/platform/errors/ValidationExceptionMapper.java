package dev.postject.service.platform.errors;

import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Bean Validation failures on a request: 422 naming the first offending field ({@link BodyRefusals}). */
public final class ValidationExceptionMapper implements ExceptionMapper<JerseyViolationException> {
    @Override
    public Response toResponse(JerseyViolationException e) {
        return new RefusalMapper().toResponse(BodyRefusals.of(e.getConstraintViolations()));
    }
}
