package dev.postject.service.app;

import java.time.Duration;
import java.time.Instant;

/** Moves the apps' clocks (all at the same offset) to just after a one-minute quota window starts. */
final class QuotaWindows {
    private QuotaWindows() {}

    /** To 100 ms into the next window: a test then has most of a minute before the window ends. */
    static void startNext(PostjectApp... apps) {
        Instant now = apps[0].clock().instant();
        long intoWindow = now.toEpochMilli() % 60_000;
        Duration by = Duration.ofMillis(60_000 - intoWindow + 100);
        for (PostjectApp app : apps) {
            app.clock().advance(by);
        }
    }
}
