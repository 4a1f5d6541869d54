package dev.postject.service.platform.ledger;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * What the {@link Ledger} feeds: an event handler class annotated {@code @ProcessingGroup(name)},
 * the tables it owns, and how it runs.
 *
 * @param handler makes the handler; a side effect may send commands through the gateway it is given
 */
public record ReadModel(String name, Kind kind, List<String> tables, Function<CommandGateway, Object> handler) {
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
        return new ReadModel(name, Kind.IN_TRANSACTION, List.of(tables), commands -> handler.get());
    }

    public static ReadModel streaming(String name, Supplier<?> handler) {
        return new ReadModel(name, Kind.STREAMING, List.of(), commands -> handler.get());
    }

    public static ReadModel sideEffect(String name, Function<CommandGateway, Object> handler) {
        return new ReadModel(name, Kind.SIDE_EFFECT, List.of(), handler);
    }

    /** Whether {@link Ledger#replay} can rebuild it. */
    public boolean replayable() {
        return kind != Kind.SIDE_EFFECT;
    }
}
