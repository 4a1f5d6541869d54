package dev.postject.service.resources.api;

/** Why an operator pauses an account's sending (checked by the account: required, one line, at most 500 characters). */
public record PauseRequest(String reason) {}
