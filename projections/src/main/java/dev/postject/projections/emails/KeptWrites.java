package dev.postject.projections.emails;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The emails projection's writes of one kind (new emails, recipients' steps) kept for a batch of
 * events, what one unit of work of the ledger published together (a group of accepted emails, a
 * delivery round's outcomes), and made together in one statement. They are made, in the batch's
 * order, when the batch ends, before a write of another kind, and before a row that must see them
 * (a second step of the same email). Outside a batch (a replay) each write is made at once.
 */
final class KeptWrites {
    /** How rows of one kind are written together. */
    interface Writer<R> {
        void write(Handle h, List<R> rows);

        /** Whether {@code row} must see the writes of {@code kept}: they are made first. */
        default boolean sees(List<R> kept, R row) {
            return false;
        }
    }

    private static final String RESOURCE = KeptWrites.class.getName();

    private Writer<?> writer;
    private final List<Object> rows = new ArrayList<>();

    private KeptWrites() {}

    /** A row kept for the batch being handled, or written at once outside one. */
    static <R> void keep(Jdbi jdbi, Writer<R> writer, R row) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbi.useHandle(h -> writer.write(h, List.of(row)));
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get();
        batch.getOrComputeResource(RESOURCE, key -> {
                    KeptWrites fresh = new KeptWrites();
                    batch.onPrepareCommit(u -> fresh.write(jdbi));
                    return fresh;
                })
                .add(jdbi, writer, row);
    }

    /** Makes the writes the batch being handled has kept, before a statement that may read or change their rows. */
    static void writeKept(Jdbi jdbi) {
        if (CurrentUnitOfWork.isStarted()) {
            KeptWrites kept = CurrentUnitOfWork.get().getResource(RESOURCE);
            if (kept != null) {
                kept.write(jdbi);
            }
        }
    }

    @SuppressWarnings("unchecked") // rows holds only rows of writer's kind
    private <R> void add(Jdbi jdbi, Writer<R> to, R row) {
        if (writer != to || to.sees((List<R>) rows, row)) {
            write(jdbi);
        }
        writer = to;
        rows.add(row);
    }

    @SuppressWarnings("unchecked")
    private <R> void write(Jdbi jdbi) {
        if (rows.isEmpty()) {
            return;
        }
        List<R> writing = (List<R>) List.copyOf(rows);
        Writer<R> by = (Writer<R>) writer;
        rows.clear(); // handed over once, whatever comes of it
        jdbi.useHandle(h -> by.write(h, writing));
    }
}
