package dev.postject.service.platform.errors;

import dev.postject.service.platform.db.DatabaseException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything else: logged with an id, answered 500 (503 when the database is the cause) with only
 * that id. No stack trace or internal message ever reaches the client.
 */
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof Refusal domain) {
                return new RefusalMapper().toResponse(domain);
            }
        }
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
        if (causedBy(e, DatabaseException.class) || causedBy(e, java.sql.SQLException.class)) {
            LOG.error("Database failure, error id {}", id, e);
            return ApiError.response(
                    503, "service_unavailable", "The service is temporarily unavailable (error id " + id + ").");
        }
        LOG.error("Unexpected failure, error id {}", id, e);
        return ApiError.response(500, "internal_error", "Something went wrong on our side (error id " + id + ").");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
