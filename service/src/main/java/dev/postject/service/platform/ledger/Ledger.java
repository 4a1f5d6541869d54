package dev.postject.service.platform.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.events.Actor;
import dev.postject.events.upcasting.Upcasters;
import dev.postject.projections.schema.Migrations;
import dev.postject.service.platform.db.DatabaseException;
import dev.postject.service.platform.db.Transactions;
import io.dropwizard.lifecycle.Managed;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.jdbi.v3.core.Jdbi;

/**
 * The event-sourced ledger: Axon on PostgreSQL, handed the aggregates and the {@link ReadModel}s it
 * feeds. Events are appended by the JDBC event store in the transaction of the command; the
 * in-transaction read models and side effects are subscribing processors in that same transaction;
 * the streaming ones are pooled streaming processors whose tokens live in PostgreSQL, so they can be
 * replayed.
 */
public final class Ledger implements Managed {
    private final Configuration axon;
    private final JdbcEventStorageEngine storage;
    private final Transactions transactions;
    private final Map<String, ReadModel> readModels = new LinkedHashMap<>();
    private final Runnable afterReplay;
    private final List<BoundedCache> aggregateCaches = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CommandGateway commands;

    /** PostgreSQL's SQLSTATE of a unique violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** How often a caught-up streaming processor (the audit log) looks for new events. */
    static final Duration STREAM_POLL_INTERVAL = Duration.ofMillis(100);

    /** How many of each aggregate type stay loaded: an email waiting for its outcomes is one. */
    static final int CACHED_AGGREGATES = 20_000;

    static {
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
    }

    /**
     * @param aggregates the event-sourced aggregate classes, each cached ({@link BoundedCache})
     * @param afterReplay runs after a read model was rebuilt (e.g. to drop caches of it)
     */
    public Ledger(
            Transactions transactions,
            Jdbi jdbi,
            ObjectMapper eventJson,
            Clock clock,
            List<Class<?>> aggregates,
            List<ReadModel> readModels,
            Runnable afterReplay) {
        this.transactions = transactions;
        this.afterReplay = afterReplay;
        readModels.forEach(model -> {
            if (this.readModels.put(model.name(), model) != null) {
                throw new IllegalArgumentException("Two read models named " + model.name());
            }
        });
        JacksonSerializer serializer =
                JacksonSerializer.builder().objectMapper(eventJson).build();
        this.storage = JdbcEventStorageEngine.builder()
                .connectionProvider(transactions)
                .transactionManager(transactions)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .upcasterChain(new EventUpcasterChain(Upcasters.all()))
                .persistenceExceptionResolver(Ledger::isDuplicateKey)
                .build();
        JdbcTokenStore tokens = JdbcTokenStore.builder()
                .connectionProvider(transactions)
                .serializer(serializer)
                .build();
        transactions.inTransaction(() -> {
            jdbi.useHandle(Migrations::lockSchemaUntilCommit); // the migrations' lock: nodes may start at once
            storage.createSchema(PostgresEventTableFactory.INSTANCE);
            tokens.createSchema(PostgresTokenTableFactory.INSTANCE);
            return null;
        });

        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureTransactionManager(c -> transactions)
                .configureEmbeddedEventStore(c -> storage)
                .registerComponent(Clock.class, c -> clock)
                .configureCorrelationDataProviders(c -> List.of(
                        new MessageOriginProvider(),
                        new SimpleCorrelationDataProvider(
                                Actor.TYPE_KEY, Actor.ID_KEY, Actor.REQUEST_ID_KEY, Actor.CLIENT_IP_KEY)));
        AggregateLocks locks = new AggregateLocks(transactions);
        for (Class<?> aggregate : aggregates) {
            BoundedCache cache = new BoundedCache(CACHED_AGGREGATES, transactions);
            aggregateCaches.add(cache);
            configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(aggregate)
                    .configureCache(c -> cache)
                    .configureLockFactory(c -> locks));
        }
        EventProcessingConfigurer processing = configurer.eventProcessing().registerTokenStore(c -> tokens);
        for (ReadModel model : readModels) {
            if (model.kind() == ReadModel.Kind.STREAMING) {
                processing.registerPooledStreamingEventProcessor(
                        model.name(),
                        c -> new PollingEventSource(storage, STREAM_POLL_INTERVAL),
                        (c, builder) -> builder.initialSegmentCount(2).batchSize(100));
                if (model.sequencing() != null) {
                    processing.registerSequencingPolicy(model.name(), c -> model.sequencing());
                }
            } else {
                processing.registerSubscribingEventProcessor(model.name());
            }
            processing.registerEventHandler(c -> model.handler().apply(c.commandGateway()));
        }
        this.axon = configurer.buildConfiguration();
        axon.commandBus().registerDispatchInterceptor(new ActorMetadataInterceptor());
        this.commands = new CommandsInTransaction(axon.commandGateway(), transactions);
    }

    /**
     * An append at a sequence number the aggregate already has (PostgreSQL's unique violation,
     * which Axon's own resolver does not recognise in the PostgreSQL driver's exception): Axon
     * then answers {@link org.axonframework.modelling.command.ConcurrencyException}, the
     * aggregate this node had loaded was behind the ledger, and {@link Transactions#inTransaction}
     * runs the transaction once more.
     */
    private static boolean isDuplicateKey(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            for (SQLException sql = cause instanceof SQLException s ? s : null;
                    sql != null;
                    sql = sql.getNextException()) {
                if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Drops this node's loaded copy of an aggregate that another node may have changed, so its next
     * command sources it from the ledger instead of appending after a stale sequence number (which
     * fails on the event store's unique key). Called for every account change any node notifies.
     * An email is not notified (it changes on every outcome): a command on a stale copy of one fails
     * on that key, its rollback drops the copy, and the transaction runs once more
     * ({@link Transactions#inTransaction}, {@link CommandsInTransaction}).
     */
    public void forgetAggregate(String aggregateId) {
        aggregateCaches.forEach(cache -> cache.remove(aggregateId));
    }

    /** Drops every loaded aggregate, e.g. when change notifications may have been missed. */
    public void forgetAggregates() {
        aggregateCaches.forEach(BoundedCache::removeAll);
    }

    /** One aggregate's events in the order they were appended (the ledger itself, no snapshot). */
    public List<DomainEventMessage<?>> history(String aggregateId) {
        return transactions.inTransaction(() -> storage.readEvents(aggregateId, 0L)
                .asStream()
                .<DomainEventMessage<?>>map(event -> event)
                .toList());
    }

    /** The command gateway; see {@link CommandsInTransaction} for what a command waited for runs in. */
    public CommandGateway commands() {
        return commands;
    }

    /** The read models {@link #replay} can rebuild, by name. */
    public List<String> projections() {
        return readModels.values().stream()
                .filter(ReadModel::replayable)
                .map(ReadModel::name)
                .sorted()
                .toList();
    }

    /**
     * Rebuilds a projection from the whole ledger while the service runs.
     *
     * <p>An in-transaction model is cleared and replayed in one transaction that first locks its
     * tables against writers: readers keep seeing the old model until the new one commits, and no
     * concurrent change is lost. A streaming processor (the audit log) is stopped, its tokens reset
     * (which clears its model), and started again; it catches up in the background. Side effects
     * are never replayed.
     */
    public void replay(String name) {
        ReadModel model = readModels.get(name);
        if (model == null || !model.replayable()) {
            throw new IllegalArgumentException("No projection named '" + name + "'; known: " + projections());
        }
        if (model.kind() == ReadModel.Kind.STREAMING) {
            PooledStreamingEventProcessor processor = axon.eventProcessingConfiguration()
                    .eventProcessor(name, PooledStreamingEventProcessor.class)
                    .orElseThrow();
            processor.shutdownAsync().join();
            processor.resetTokens();
            processor.start();
            return;
        }
        transactions.inTransaction(() -> {
            try (Connection connection = transactions.getConnection();
                    Statement lock = connection.createStatement()) {
                lock.execute("LOCK TABLE " + String.join(", ", model.tables()) + " IN EXCLUSIVE MODE");
            } catch (SQLException e) {
                throw new DatabaseException("Could not lock " + model.tables(), e);
            }
            AnnotationEventHandlerAdapter handler =
                    new AnnotationEventHandlerAdapter(model.handler().apply(commands()));
            handler.prepareReset();
            try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(null, false)) {
                events.filter(handler::canHandle).forEach(event -> {
                    try {
                        handler.handle(event);
                    } catch (Exception e) {
                        throw new IllegalStateException("Replay of " + name + " failed at " + event.trackingToken(), e);
                    }
                });
            }
            return null;
        });
        afterReplay.run();
    }

    @Override
    public void start() {
        axon.start();
    }

    @Override
    public void stop() {
        axon.shutdown();
    }
}
