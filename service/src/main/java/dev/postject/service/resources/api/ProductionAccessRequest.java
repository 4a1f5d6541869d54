package dev.postject.service.resources.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record ProductionAccessRequest(
        @NotBlank @Size(max = 2000) String useCase,

        @Size(max = 500) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
        String website) {}
