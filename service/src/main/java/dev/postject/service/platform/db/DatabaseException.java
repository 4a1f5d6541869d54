package dev.postject.service.platform.db;

/** The database failed in a way no caller can fix; answered as a 503. */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
