package dev.postject.service.platform.errors;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The body of every error answer: {@code {"error":{"code","message","field"?,...}}}. */
public record ApiError(Body error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(
            String code,
            String message,
            String field,
            @JsonAnyGetter Map<String, Object> details) {}

    public static Response response(int status, String code, String message) {
        return response(status, code, message, null, Map.of());
    }

    public static Response response(
            int status, String code, String message, String field, Map<String, Object> details) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(new Body(code, message, field, details)))
                .build();
    }
}
