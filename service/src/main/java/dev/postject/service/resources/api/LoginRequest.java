package dev.postject.service.resources.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record LoginRequest(
        @NotNull @Size(max = 254) String email,
        @NotNull @Size(max = 256) String password) {
    @Override
    public String toString() {
        return "LoginRequest[email=" + email + "]";
    }
}
