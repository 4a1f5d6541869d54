package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.postject.service.platform.errors.ApiError;
import dev.postject.service.platform.errors.Refusal;
import dev.postject.service.sending.EmailAcceptance;

/** One email of a batch: {@code {"id","status":"queued"}}, or {@code {"error":{...}}} when it was refused. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchItemResponse(String id, String status, ApiError.Body error) {
    public static BatchItemResponse of(EmailAcceptance.Result result) {
        if (result instanceof EmailAcceptance.Accepted accepted) {
            return new BatchItemResponse(accepted.id(), "queued", null);
        }
        return refused(((EmailAcceptance.Refused) result).refusal());
    }

    public static BatchItemResponse refused(Refusal refusal) {
        return new BatchItemResponse(
                null,
                null,
                new ApiError.Body(refusal.code(), refusal.getMessage(), refusal.field(), refusal.details()));
    }
}
