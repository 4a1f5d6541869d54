package dev.postject.service.platform.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import jakarta.validation.constraints.NotNull;

/** {@code http} in {@code config.yml}: where Postject is reached, and how large a request may be. */
public final class HttpSettings {
    /**
     * Where Postject is reached from outside; links in emails (sandbox confirmations) start with it.
     * Empty: {@code http://localhost:<the API port bound>}.
     */
    @NotNull
    @HttpUrl
    @JsonProperty
    private String publicUrl = "";

    /** Larger request bodies are refused with 413 before they are read. */
    @NotNull
    @JsonProperty
    private DataSize maxRequestBody = DataSize.megabytes(1);

    /** Larger bodies of {@code POST /v1/emails} and its batch are refused with 413. */
    @NotNull
    @JsonProperty
    private DataSize maxEmailRequestBody = DataSize.megabytes(50);

    public String publicUrl() {
        return publicUrl;
    }

    public DataSize maxRequestBody() {
        return maxRequestBody;
    }

    public DataSize maxEmailRequestBody() {
        return maxEmailRequestBody;
    }
}
