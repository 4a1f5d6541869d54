package dev.postject.service.platform.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code max} uses of {@code bucket} in any {@code window}. Over it, the caller hears 429
 * with {@code code}, {@code message} and the seconds until a use frees up.
 *
 * @param bucket what is counted, e.g. {@code login:ada@example.com}; limits naming the same bucket
 *     count the same uses over different windows
 */
public record Limit(String bucket, int max, Duration window, String code, String message) {
    public Limit {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (max < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("A limit allows at least one use in a positive window");
        }
    }
}
