package dev.postject.service.platform.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bodies Jackson cannot bind: unreadable JSON is a 400 (a field given twice is named); readable
 * JSON with an unknown field or a value of the wrong type is a 422 naming the field. Never echoes
 * parser internals.
 */
public final class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {
    /** How Jackson's duplicate detection words its refusal. */
    private static final String DUPLICATE = "Duplicate field '";

    @Override
    public Response toResponse(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WebApplicationException refused) {
                return new WebApplicationExceptionMapper().toResponse(refused); // e.g. a body over the limit
            }
            if (t instanceof JsonParseException parse) {
                return malformed(parse);
            }
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return ApiError.response(422, "unknown_field", "Unknown field '" + field + "'.", field, Map.of());
        }
        if (e instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            return ApiError.response(422, "invalid_type", "Field '" + field + "' has the wrong type.", field, Map.of());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            return ApiError.response(422, "invalid_value", "Field '" + field + "' is invalid.", field, Map.of());
        }
        if (e instanceof MismatchedInputException mismatch) {
            return ApiError.response(
                    422, "invalid_body", "The request body must be a JSON " + shapeOf(mismatch.getTargetType()) + ".");
        }
        return ApiError.response(400, "malformed_json", "The request body is not valid JSON.");
    }

    /** 400; a field given twice (the parser refuses duplicates) is named, at most 100 characters of it. */
    private static Response malformed(JsonParseException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith(DUPLICATE) && message.endsWith("'")) {
            String field = message.substring(DUPLICATE.length(), message.length() - 1);
            field = field.length() > 100 ? field.substring(0, 100) : field;
            return ApiError.response(
                    400,
                    "malformed_json",
                    "The request body is not valid JSON: field '" + field + "' appears more than once.",
                    field,
                    Map.of());
        }
        return ApiError.response(400, "malformed_json", "The request body is not valid JSON.");
    }

    /** What the body should have been: an array for a list, an object for anything else. */
    private static String shapeOf(Class<?> target) {
        return target != null && (target.isArray() || java.util.Collection.class.isAssignableFrom(target))
                ? "array"
                : "object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("."));
    }
}
