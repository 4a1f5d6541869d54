package dev.postject.service.platform.ledger;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * What the {@link Ledger} feeds: an event handler class annotated {@code @ProcessingGroup(name)},
 * the tables it owns, and how it runs.
 *
 * @param handler makes the handler; a side effect (or a streaming model that acts on what it counts)
 *     may send commands through the gateway it is given
 * @param sequencing what orders a streaming processor's events (events with the same key are handled
 *     in ledger order, by one segment); null for Axon's default, per aggregate
 */
public record ReadModel(
        String name,
        Kind kind,
        List<String> tables,
        Function<CommandGateway, Object> handler,
        SequencingPolicy<? super EventMessage<?>> sequencing) {
    public enum Kind {
        /** Updated in the transaction of the event (read-your-writes); rebuilt under a table lock. */
        IN_TRANSACTION,
        /** A pooled streaming processor with its tokens in PostgreSQL; rebuilt by resetting them. */
        STREAMING,
        /** Runs in the transaction of the event like a read model, and is never replayed. */
        SIDE_EFFECT
    }

    public ReadModel {
        tables = List.copyOf(tables);
        if (kind == Kind.IN_TRANSACTION && tables.isEmpty()) {
            throw new IllegalArgumentException("An in-transaction read model names the tables it owns: " + name);
        }
    }

    public static ReadModel inTransaction(String name, Supplier<?> handler, String... tables) {
        return new ReadModel(name, Kind.IN_TRANSACTION, List.of(tables), commands -> handler.get(), null);
    }

    public static ReadModel streaming(String name, Supplier<?> handler) {
        return new ReadModel(name, Kind.STREAMING, List.of(), commands -> handler.get(), null);
    }

    /** A streaming model whose handler may send commands, its events ordered by {@code sequencing}. */
    public static ReadModel streaming(
            String name,
            Function<CommandGateway, Object> handler,
            SequencingPolicy<? super EventMessage<?>> sequencing) {
        return new ReadModel(name, Kind.STREAMING, List.of(), handler, sequencing);
    }

    public static ReadModel sideEffect(String name, Function<CommandGateway, Object> handler) {
        return new ReadModel(name, Kind.SIDE_EFFECT, List.of(), handler, null);
    }

    /** Whether {@link Ledger#replay} can rebuild it. */
    public boolean replayable() {
        return kind != Kind.SIDE_EFFECT;
    }
}
