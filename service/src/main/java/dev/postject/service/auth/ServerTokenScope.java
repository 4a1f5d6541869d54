package dev.postject.service.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the resource methods a server token may call: sending, and reading what it sent (the
 * method itself shows a server token only its own emails: {@link Caller#readsOnlyEmailsSentBy}).
 * Every other method refuses a server token with 403 {@code insufficient_scope}
 * ({@link ServerTokenScopeFeature}): the default is to deny, so a new endpoint is closed to server
 * tokens until it says otherwise. API keys and dashboard tokens are not affected.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ServerTokenScope {}
