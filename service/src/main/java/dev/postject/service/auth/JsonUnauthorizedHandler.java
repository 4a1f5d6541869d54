package dev.postject.service.auth;

import dev.postject.service.platform.errors.ApiError;
import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.ws.rs.core.Response;

/** 401 in Postject's error format, with the {@code WWW-Authenticate: Bearer} challenge. */
public final class JsonUnauthorizedHandler implements UnauthorizedHandler {
    @Override
    public Response buildResponse(String prefix, String realm) {
        Response response = ApiError.response(
                401,
                "unauthorized",
                "Missing or invalid credentials: send 'Authorization: Bearer <API key, server token or dashboard token>'.");
        response.getHeaders().putSingle("WWW-Authenticate", prefix + " realm=\"" + realm + "\"");
        return response;
    }
}
