package dev.postject.service.resources.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record DomainRequest(@NotNull @Size(max = 253) String name) {}
