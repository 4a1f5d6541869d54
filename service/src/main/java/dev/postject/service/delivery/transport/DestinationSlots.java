package dev.postject.service.delivery.transport;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of this node's workers are sending to each destination now, capped: a worker that finds
 * its destination full leaves the mail for later instead of waiting, so a destination that hangs
 * holds at most {@code perDestination} workers and never all of them.
 */
final class DestinationSlots {
    private final int perDestination;
    private final ConcurrentHashMap<String, Integer> busy = new ConcurrentHashMap<>();

    DestinationSlots(int perDestination) {
        this.perDestination = perDestination;
    }

    /** Takes a slot for {@code destination}, if one is free. */
    boolean tryTake(String destination) {
        boolean[] taken = {false};
        busy.compute(destination, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perDestination) {
                return now;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    void give(String destination) {
        busy.computeIfPresent(destination, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Workers sending to {@code destination} now. */
    int busy(String destination) {
        return busy.getOrDefault(destination, 0);
    }
}
