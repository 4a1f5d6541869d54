package dev.postject.service.platform.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The refusal of a request body Postject cannot take: JSON it cannot read (400, a field given
 * twice named), or read JSON with an unknown field, a value of the wrong type, or a field that
 * breaks a constraint (422 naming the field). Never echoes parser internals. Used by the mappers
 * and by endpoints that read several bodies in one request (a batch).
 */
public final class BodyRefusals {
    /** How Jackson's duplicate detection words its refusal. */
    private static final String DUPLICATE = "Duplicate field '";

    private BodyRefusals() {}

    public static Refusal of(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException parse) {
                return malformed(parse);
            }
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return new Refusal.Invalid("unknown_field", "Unknown field '" + field + "'.", field);
        }
        if (e instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            return new Refusal.Invalid("invalid_type", "Field '" + field + "' has the wrong type.", field);
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            return new Refusal.Invalid("invalid_value", "Field '" + field + "' is invalid.", field);
        }
        if (e instanceof MismatchedInputException mismatch) {
            return new Refusal.Invalid(
                    "invalid_body", "The request body must be a JSON " + shapeOf(mismatch.getTargetType()) + ".", null);
        }
        return new Refusal.Malformed("malformed_json", "The request body is not valid JSON.", null);
    }

    /** The 422 for a set of violations: the first offending field, or a missing body. */
    public static Refusal of(Set<? extends ConstraintViolation<?>> violations) {
        ConstraintViolation<?> violation = violations.stream()
                .min(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .orElseThrow();
        String field = fieldOf(violation.getPropertyPath());
        if (field == null) {
            return new Refusal.Invalid("invalid_body", "A JSON request body is required.", null);
        }
        return new Refusal.Invalid("invalid_field", "Field '" + field + "' " + violation.getMessage() + ".", field);
    }

    /** 400; a field given twice (the parser refuses duplicates) is named, at most 100 characters of it. */
    private static Refusal malformed(JsonParseException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith(DUPLICATE) && message.endsWith("'")) {
            String field = message.substring(DUPLICATE.length(), message.length() - 1);
            field = field.length() > 100 ? field.substring(0, 100) : field;
            return new Refusal.Malformed(
                    "malformed_json",
                    "The request body is not valid JSON: field '" + field + "' appears more than once.",
                    field);
        }
        return new Refusal.Malformed("malformed_json", "The request body is not valid JSON.", null);
    }

    /** What the body should have been: an array for a list, an object for anything else. */
    private static String shapeOf(Class<?> target) {
        return target != null && (target.isArray() || Collection.class.isAssignableFrom(target)) ? "array" : "object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("."));
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
