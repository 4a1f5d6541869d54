package dev.postject.service.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.service.platform.errors.ApiError;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.io.QuietException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last net under the application: a failure that escapes Jersey and its exception mappers
 * (one raised while the response is written, say) would reach Jetty, which logs it with the
 * request's path, {@code /t/c/<token>} included, and answers an error page without an error id.
 * Here it is logged once, with the path redacted and an error id, and answered like any other 500.
 * What Jetty then sees is marked quiet, so it does not log it again.
 */
public final class EscapedFailureFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(EscapedFailureFilter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException e) {
            // mostly a client that went away: nothing to answer, and not worth a warning
            LOG.debug("I/O failure on {}: {}", describe(request), e.toString());
            throw new Reported(e);
        } catch (ServletException | RuntimeException | Error e) {
            String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
            LOG.error("Unexpected failure on {}, error id {}", describe(request), id, e);
            if (response.isCommitted()) {
                throw new Reported(e);
            }
            answer((HttpServletResponse) response, id);
        }
    }

    private static void answer(HttpServletResponse response, String id) throws IOException {
        response.reset();
        response.setStatus(500);
        response.setContentType("application/json");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", SecurityHeaders.DATA_POLICY);
        response.getOutputStream()
                .write(JSON.writeValueAsBytes(new ApiError(new ApiError.Body(
                        "internal_error", "Something went wrong on our side (error id " + id + ").", null, Map.of()))));
    }

    private static String describe(ServletRequest request) {
        if (request instanceof HttpServletRequest http) {
            return http.getMethod() + " " + Redaction.path(http.getRequestURI(), null);
        }
        return "a request";
    }

    /** Already logged here: Jetty logs a quiet failure at debug level only. */
    private static final class Reported extends IOException implements QuietException {
        Reported(Throwable cause) {
            super("already logged, with an error id", cause);
        }
    }
}
