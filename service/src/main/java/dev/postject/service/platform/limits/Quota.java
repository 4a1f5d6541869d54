package dev.postject.service.platform.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code max} uses of {@code bucket} in each fixed {@code window} (windows start at
 * multiples of its length since the epoch), shared by every node; advertised to clients as
 * {@code policy} in the {@code RateLimit-Policy} and {@code RateLimit} headers.
 *
 * @param bucket what is counted, e.g. {@code sends:account:<id>}
 */
public record Quota(String policy, String bucket, int max, Duration window) {
    public Quota {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(window, "window");
        if (max < 1 || window.toMillis() < 1000) {
            throw new IllegalArgumentException("A quota allows at least one use in a window of a second or more");
        }
    }
}
