package dev.postject.projections.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What one batch of the stats processor's events writes, kept in the batch's unit of work and
 * written just before its transaction commits (with the processor's token): its new emails, with
 * their sends, in a few statements for the whole batch ({@link RecentSends}), then its hourly
 * increments ({@link HourlyCounts}). An event that reads what those before it wrote (a bounce's
 * position and ring) has the batch's new emails written first. Outside a unit of work (a test
 * handing events over one by one) each event's writes are made at once.
 */
final class StatsBatch {
    /** A new email, with when it was queued and whether it is seen in a replay. */
    record Queued(RecentSends.NewEmail email, Instant at, ReplayStatus replay) {}

    /** How a batch's new emails are recorded, their sends counted in {@code counts}. */
    @FunctionalInterface
    interface NewEmails {
        void record(Handle h, List<Queued> queued, HourlyCounts counts);
    }

    private static final String RESOURCE = StatsBatch.class.getName();

    private final HourlyCounts counts = new HourlyCounts();
    private final List<Queued> queued = new ArrayList<>();
    private final NewEmails newEmails;

    private StatsBatch(NewEmails newEmails) {
        this.newEmails = newEmails;
    }

    /** Runs one event's step on its batch's writes: kept for the batch's commit, or made at once outside a batch. */
    static void step(Jdbi jdbi, NewEmails newEmails, Consumer<StatsBatch> step) {
        if (!CurrentUnitOfWork.isStarted()) {
            StatsBatch alone = new StatsBatch(newEmails);
            step.accept(alone);
            jdbi.useHandle(alone::write);
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        step.accept(batch.getOrComputeResource(RESOURCE, key -> {
            StatsBatch fresh = new StatsBatch(newEmails);
            batch.onPrepareCommit(u -> jdbi.useHandle(fresh::write));
            return fresh;
        }));
    }

    /** A new email, recorded before the batch next reads a position. */
    void queued(Queued email) {
        queued.add(email);
    }

    /** @see HourlyCounts#add */
    void add(String accountId, String tag, String counter, int by, Instant at) {
        counts.add(accountId, tag, counter, by, at);
    }

    /** @see HourlyCounts#addPast */
    void addPast(String emailId, long sequence, String counter, Instant at) {
        counts.addPast(emailId, sequence, counter, at);
    }

    /** The batch's new emails written, then {@link HourlyCounts#moveNow}. */
    Optional<HourlyCounts.Position> moveNow(Handle h, String emailId, long sequence) {
        recordQueued(h);
        return counts.moveNow(h, emailId, sequence);
    }

    private void recordQueued(Handle h) {
        if (!queued.isEmpty()) {
            List<Queued> recording = List.copyOf(queued);
            queued.clear(); // handed over once, whatever comes of it
            newEmails.record(h, recording, counts);
        }
    }

    private void write(Handle h) {
        recordQueued(h);
        counts.write(h);
    }
}
