package dev.postject.projections.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.postject.projections.testing.ReadModelDatabase;
import dev.postject.projections.testing.TestPostgres;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PositionsTest {
    @RegisterExtension
    static final ReadModelDatabase DATABASE = new ReadModelDatabase();

    private final Jdbi jdbi = DATABASE.jdbi();

    /** A model of the events a projection applied, in the order it applied them. */
    @BeforeEach
    void model() {
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE IF NOT EXISTS applied (seq BIGSERIAL, projection TEXT, event TEXT)");
            h.execute("DELETE FROM applied");
        });
    }

    private static EventMessage<?> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Account", aggregate, sequence, aggregate + "#" + sequence);
    }

    private static void apply(Jdbi jdbi, String projection, EventMessage<?> event) {
        new Positions(jdbi, projection)
                .applyOnce(
                        event,
                        h -> h.execute(
                                "INSERT INTO applied (projection, event) VALUES (?, ?)",
                                projection,
                                event.getPayload()));
    }

    private void apply(String projection, EventMessage<?> event) {
        apply(jdbi, projection, event);
    }

    private Iterable<String> applied(String projection) {
        return jdbi.withHandle(h -> h.createQuery("SELECT event FROM applied WHERE projection = ? ORDER BY seq")
                .bind(0, projection)
                .mapTo(String.class)
                .list());
    }

    @Test
    void eachEventOfAnAggregate_isAppliedOnce_andOneAtOrBeforeTheLastApplied_isSkipped() {
        apply("p", event("acct_1", 0));
        apply("p", event("acct_1", 1));
        apply("p", event("acct_1", 1));
        apply("p", event("acct_1", 0));
        apply("p", event("acct_1", 2));

        assertThat(applied("p")).containsExactly("acct_1#0", "acct_1#1", "acct_1#2");
    }

    @Test
    void positions_arePerProjection_andPerAggregate() {
        apply("p", event("acct_1", 5));
        apply("p", event("acct_2", 0));
        apply("q", event("acct_1", 0));

        assertThat(applied("p")).containsExactly("acct_1#5", "acct_2#0");
        assertThat(applied("q")).containsExactly("acct_1#0");
    }

    @Test
    void reset_forgetsTheProjectionsPositions_andNoOther() {
        apply("p", event("acct_1", 0));
        apply("q", event("acct_1", 0));

        jdbi.useHandle(new Positions(jdbi, "p")::reset);
        apply("p", event("acct_1", 0));
        apply("q", event("acct_1", 0));

        assertThat(applied("p")).containsExactly("acct_1#0", "acct_1#0");
        assertThat(applied("q")).containsExactly("acct_1#0");
    }

    @Test
    void anEventOfNoAggregate_isRefused_notSilentlyApplied() {
        assertThatThrownBy(() -> apply("p", GenericEventMessage.asEventMessage("loose")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("events of aggregates");
        assertThat(applied("p")).isEmpty();
    }

    /**
     * A replay locks its model, then its reset deletes the model's positions. A command's write
     * that reaches the lock meanwhile must wait for the replay without holding a position the
     * reset needs: else each waits for the other, and PostgreSQL aborts one of them.
     */
    @Test
    void aWriteThatMeetsAReplay_waitsForIt_andNeitherIsAborted() throws Exception {
        Jdbi replay = Jdbi.create(DATABASE.url(), TestPostgres.USER, "");
        Jdbi command = Jdbi.create(DATABASE.url(), TestPostgres.USER, "");
        apply("p", event("acct_1", 0));
        AtomicReference<CompletableFuture<Void>> write = new AtomicReference<>();

        replay.useTransaction(h -> {
            h.execute("LOCK TABLE applied IN EXCLUSIVE MODE");
            write.set(CompletableFuture.runAsync(
                    () -> command.useTransaction(tx -> apply(command, "p", event("acct_1", 1)))));
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingForALock() == 1);
            h.execute("DELETE FROM applied WHERE projection = 'p'");
            new Positions(replay, "p").reset(h);
            apply(replay, "p", event("acct_1", 0));
        });
        write.get().get(10, TimeUnit.SECONDS);

        assertThat(applied("p")).containsExactly("acct_1#0", "acct_1#1");
    }

    private int waitingForALock() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .mapTo(Integer.class)
                .one());
    }
}
