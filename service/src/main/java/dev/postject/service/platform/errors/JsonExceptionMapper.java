package dev.postject.service.platform.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Bodies Jackson cannot bind: answered as {@link BodyRefusals} says. */
public final class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WebApplicationException refused) {
                return new WebApplicationExceptionMapper().toResponse(refused); // e.g. a body over the limit
            }
            if (t instanceof JsonParseException) {
                break;
            }
        }
        return new RefusalMapper().toResponse(BodyRefusals.of(e));
    }
}
