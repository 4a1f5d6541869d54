package dev.postject.service.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs requests at the same moment, each on its own thread, as concurrent clients do. */
final class Parallel {
    private Parallel() {}

    /** Starts {@code n} calls of {@code request} together and returns their replies, in call order. */
    static List<Api.Reply> replies(int n, IntFunction<Api.Reply> request) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Api.Reply>> pending = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                pending.add(pool.submit(() -> {
                    start.await();
                    return request.apply(index);
                }));
            }
            start.countDown();
            List<Api.Reply> replies = new ArrayList<>();
            for (Future<Api.Reply> reply : pending) {
                replies.add(reply.get(60, TimeUnit.SECONDS));
            }
            return replies;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
