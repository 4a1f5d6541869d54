package dev.postject.service.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method that sends email: it counts against the caller's {@code sends} quotas (one
 * use per request; a batch adds the rest of its emails through {@link ApiRateLimits#countMore})
 * instead of the {@code requests} quotas every other authenticated request counts against.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Sends {}
