package dev.postject.service.sending;

import dev.postject.service.platform.errors.Refusal;

/**
 * The refusal of one email of an all-or-none batch ({@link EmailAcceptance#acceptEvery}), at its
 * {@code index} in the request: thrown before anything is queued, so nothing of the batch is written.
 */
public final class OneRefused extends RuntimeException {
    private final int index;
    private final Refusal refusal;

    OneRefused(int index, Refusal refusal) {
        super(refusal.getMessage(), null, false, false);
        this.index = index;
        this.refusal = refusal;
    }

    public int index() {
        return index;
    }

    public Refusal refusal() {
        return refusal;
    }
}
