package dev.postject.service.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the resource methods a server token or a sending-access API key may call: sending, and
 * reading what it sent (the method itself shows such a caller only its own emails: {@link
 * Caller#readsOnlyEmailsSentBy}). Every other method refuses them with 403 {@code
 * insufficient_scope} ({@link ServerTokenScopeFeature}): the default is to deny, so a new endpoint
 * is closed to them until it says otherwise. Full-access API keys and dashboard tokens are not
 * affected. A sending method must pass {@link Caller#sendingScope} to the send path, which holds
 * a key limited to one domain to it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ServerTokenScope {}
