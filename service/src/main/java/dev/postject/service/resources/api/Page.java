package dev.postject.service.resources.api;

import java.util.List;
import java.util.function.Function;

/** A page of a list: {@code {"data":[...],"hasMore":bool,"nextCursor":"..."|null}}. */
public record Page<T>(List<T> data, boolean hasMore, String nextCursor) {
    public static <T> Page<T> of(List<T> data) {
        return new Page<>(data, false, null);
    }

    /**
     * Builds a page from up to {@code limit + 1} rows: the extra row only tells that more exist.
     */
    public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> toResponse, Function<R, String> cursorOf) {
        boolean hasMore = rows.size() > limit;
        List<R> shown = hasMore ? rows.subList(0, limit) : rows;
        String next = hasMore ? cursorOf.apply(shown.get(shown.size() - 1)) : null;
        return new Page<>(shown.stream().map(toResponse).toList(), hasMore, next);
    }
}
