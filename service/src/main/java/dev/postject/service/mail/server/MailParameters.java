package dev.postject.service.mail.server;

import java.util.OptionalLong;

/**
 * The parameters a client gave in MAIL FROM: the message size it declared ({@code SIZE=}), the
 * body type ({@code BODY=7BIT|8BITMIME}) and whether it asked for {@code SMTPUTF8}. The server has
 * already refused a declared size over its limit and any parameter it does not support.
 */
public record MailParameters(OptionalLong size, Body body, boolean smtputf8) {
    public static final MailParameters NONE = new MailParameters(OptionalLong.empty(), Body.UNSPECIFIED, false);

    public enum Body {
        UNSPECIFIED,
        SEVEN_BIT,
        EIGHT_BIT_MIME
    }

    public MailParameters {
        if (size == null || body == null) {
            throw new IllegalArgumentException("size and body are required");
        }
    }
}
