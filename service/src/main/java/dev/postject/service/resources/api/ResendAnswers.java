package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Resend's answers: {@code {"id"}}, a batch's {@code {"data":[{"id"}], "errors"?}}, and its error shape. */
public final class ResendAnswers {
    private ResendAnswers() {}

    public record Sent(String id) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Batch(List<Sent> data, List<ItemError> errors) {}

    /** A refused email of a permissive batch, at its position in the request. */
    public record ItemError(int index, String message) {}

    public record Error(int statusCode, String name, String message) {}
}
