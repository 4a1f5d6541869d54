package dev.postject.service.resources.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** {@code PATCH /v1/account}: the account's defaults for new emails. */
public record AccountPatchRequest(@NotNull @Valid Defaults defaults) {
    public record Defaults(Boolean trackOpens, Boolean trackClicks) {}
}
