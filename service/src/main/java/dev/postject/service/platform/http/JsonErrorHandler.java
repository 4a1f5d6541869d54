package dev.postject.service.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.service.platform.errors.ApiError;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers in Postject's format, on every connector: a request Jetty refuses
 * before any resource sees it (a malformed request line, a URI or headers too large, an ambiguous
 * path) and any error page a servlet asks for. Only a fixed message per status: nothing from the
 * request or the failure is echoed.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException failure) {
            status = failure.getCode();
            response.setStatus(status);
        }
        if (status < 400) {
            status = HttpStatus.INTERNAL_SERVER_ERROR_500;
            response.setStatus(status);
        }
        generateCacheControl(response);
        SecurityHeaders.addTo(response.getHeaders(), false);
        if ("HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(status)), callback);
        return true;
    }

    static byte[] body(int status) {
        try {
            return JSON.writeValueAsBytes(
                    new ApiError(new ApiError.Body(code(status), message(status), null, Map.of())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String code(int status) {
        return switch (status) {
            case 413 -> "payload_too_large";
            case 500 -> "internal_error";
            default ->
                HttpStatus.getMessage(status)
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9]+", "_")
                        .replaceAll("^_|_$", "");
        };
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "The request is malformed: check its request line, headers and URI encoding.";
            case 404 -> "Nothing here.";
            case 413 -> "The request body is too large.";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request headers are too large.";
            case 500 -> "Something went wrong on our side.";
            default -> HttpStatus.getMessage(status) + ".";
        };
    }
}
