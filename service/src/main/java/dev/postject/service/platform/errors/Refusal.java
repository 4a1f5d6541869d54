package dev.postject.service.platform.errors;

import java.util.Map;

/**
 * A request Postject refuses, with the HTTP status and stable error code the client sees. Thrown
 * by aggregates and services; turned into {@code {"error":{...}}} by {@link RefusalMapper}.
 * Its message is shown to the client: never put a secret in it.
 */
public class Refusal extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;
    private final Map<String, Object> details;

    protected Refusal(int status, String code, String message, String field, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.details = Map.copyOf(details);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** Extra members of the error object, e.g. {@code "missing"}. */
    public Map<String, Object> details() {
        return details;
    }

    /** 400: a request Postject cannot read at all (e.g. malformed JSON). */
    public static final class Malformed extends Refusal {
        public Malformed(String code, String message, String field) {
            super(400, code, message, field, Map.of());
        }
    }

    public static final class NotFound extends Refusal {
        public NotFound(String code, String message) {
            super(404, code, message, null, Map.of());
        }
    }

    public static final class Conflict extends Refusal {
        public Conflict(String code, String message) {
            this(code, message, Map.of());
        }

        public Conflict(String code, String message, Map<String, Object> details) {
            super(409, code, message, null, details);
        }
    }

    public static final class Forbidden extends Refusal {
        public Forbidden(String code, String message) {
            this(code, message, Map.of());
        }

        public Forbidden(String code, String message, Map<String, Object> details) {
            super(403, code, message, null, details);
        }
    }

    public static final class Invalid extends Refusal {
        public Invalid(String code, String message, String field) {
            super(422, code, message, field, Map.of());
        }
    }

    public static final class Unauthorized extends Refusal {
        public Unauthorized(String code, String message) {
            super(401, code, message, null, Map.of());
        }
    }

    /** 429, with the seconds after which trying again can succeed. */
    public static final class RateLimited extends Refusal {
        private final long retryAfterSeconds;

        public RateLimited(String code, String message, long retryAfterSeconds) {
            super(429, code, message, null, Map.of());
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
