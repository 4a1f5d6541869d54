package dev.postject.service.platform.errors;

import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Comparator;
import java.util.Set;

/** Bean Validation failures on a request: 422 naming the first offending field. */
public final class ValidationExceptionMapper implements ExceptionMapper<JerseyViolationException> {
    @Override
    public Response toResponse(JerseyViolationException e) {
        return new RefusalMapper().toResponse(refusal(e.getConstraintViolations()));
    }

    /** The 422 for a set of violations: the first offending field, or a missing body. */
    public static Refusal refusal(Set<? extends ConstraintViolation<?>> violations) {
        ConstraintViolation<?> violation = violations.stream()
                .min(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .orElseThrow();
        String field = fieldOf(violation.getPropertyPath());
        if (field == null) {
            return new Refusal.Invalid("invalid_body", "A JSON request body is required.", null);
        }
        return new Refusal.Invalid("invalid_field", "Field '" + field + "' " + violation.getMessage() + ".", field);
    }

    /** The name of the body property at fault, or null when the whole body is missing. */
    private static String fieldOf(Path path) {
        String field = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PROPERTY) {
                field = field == null ? node.getName() : field + "." + node.getName();
            } else if (node.getKind() == ElementKind.PARAMETER && !isBody(node)) {
                field = node.getName();
            }
        }
        return field;
    }

    private static boolean isBody(Path.Node node) {
        return node.getName().equals("body") || node.getName().startsWith("arg");
    }
}
