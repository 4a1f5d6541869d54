package dev.postject.service.resources.api;

/** What {@code GET /v1/account} answers: the account now, or as it was at an instant. */
public sealed interface AccountAnswer permits AccountResponse, AccountAtResponse {}
