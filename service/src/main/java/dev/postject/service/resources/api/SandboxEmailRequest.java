package dev.postject.service.resources.api;

import dev.postject.service.platform.text.Addresses;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record SandboxEmailRequest(
        @NotNull @Size(max = 254) @Pattern(regexp = Addresses.PATTERN, message = "must be a valid email address")
        String email) {}
