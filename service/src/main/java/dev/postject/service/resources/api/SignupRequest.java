package dev.postject.service.resources.api;

import dev.postject.service.platform.text.Addresses;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record SignupRequest(
        @NotNull @Size(max = 254) @Pattern(regexp = Addresses.PATTERN, message = "must be a valid email address")
        String email,

        @NotNull @Size(min = 10, max = 256, message = "must be 10 to 256 characters long")
        String password,

        @NotBlank @Size(max = 100) String accountName) {
    @Override
    public String toString() {
        return "SignupRequest[email=" + email + ", accountName=" + accountName + "]";
    }
}
