package dev.postject.service.resources.compat;

import dev.postject.service.platform.errors.Refusal;

/** The refusal of one email of a batch, answered for the whole batch: the same status and code, its position named. */
final class ItemRefusal extends Refusal {
    ItemRefusal(int index, Refusal refusal, DialectFields fields) {
        super(
                refusal.status(),
                refusal.code(),
                "emails[" + index + "]" + (refusal.field() == null ? "" : "." + fields.name(refusal.field())) + ": "
                        + refusal.getMessage(),
                null,
                refusal.details());
    }
}
