package dev.postject.service.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.events.Actor;
import dev.postject.projections.accounts.AccountProjection;
import dev.postject.projections.apikeys.ApiKeyProjection;
import dev.postject.projections.auditlog.AuditLogProjection;
import dev.postject.service.account.Account;
import dev.postject.service.cache.CacheInvalidator;
import dev.postject.service.cache.ReadModelCaches;
import dev.postject.service.db.Transactions;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.json.JacksonSerializer;
import org.jdbi.v3.core.Jdbi;

/**
 * The event-sourced ledger: Axon on PostgreSQL. Events are appended by the JDBC event store in the
 * transaction of the command; the read-your-writes models (API keys, accounts, cache invalidation)
 * are subscribing processors in that same transaction; the audit log is a pooled streaming
 * processor whose tokens live in PostgreSQL, so it can be replayed.
 */
public final class Ledger implements Managed {
    private static final List<String> SUBSCRIBING =
            List.of(ApiKeyProjection.GROUP, AccountProjection.GROUP, CacheInvalidator.GROUP);
    private static final List<String> STREAMING = List.of(AuditLogProjection.GROUP);

    private final Configuration axon;

    static {
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
    }

    public Ledger(Transactions transactions, Jdbi jdbi, ObjectMapper eventJson, Clock clock, ReadModelCaches caches) {
        JacksonSerializer serializer =
                JacksonSerializer.builder().objectMapper(eventJson).build();
        JdbcEventStorageEngine storage = JdbcEventStorageEngine.builder()
                .connectionProvider(transactions)
                .transactionManager(transactions)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        JdbcTokenStore tokens = JdbcTokenStore.builder()
                .connectionProvider(transactions)
                .serializer(serializer)
                .build();
        transactions.inTransaction(() -> {
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
                                Actor.TYPE_KEY, Actor.ID_KEY, Actor.REQUEST_ID_KEY, Actor.CLIENT_IP_KEY)))
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Account.class)
                        .configureCache(c -> new WeakReferenceCache()));
        configurer
                .eventProcessing()
                .registerTokenStore(c -> tokens)
                .registerSubscribingEventProcessor(ApiKeyProjection.GROUP)
                .registerSubscribingEventProcessor(AccountProjection.GROUP)
                .registerSubscribingEventProcessor(CacheInvalidator.GROUP)
                .registerPooledStreamingEventProcessor(
                        AuditLogProjection.GROUP,
                        Configuration::eventStore,
                        (c, builder) -> builder.initialSegmentCount(2).batchSize(100))
                .registerEventHandler(c -> new ApiKeyProjection(jdbi))
                .registerEventHandler(c -> new AccountProjection(jdbi))
                .registerEventHandler(c -> new CacheInvalidator(jdbi, caches))
                .registerEventHandler(c -> new AuditLogProjection(jdbi, eventJson));
        this.axon = configurer.buildConfiguration();
        axon.commandBus().registerDispatchInterceptor(new ActorMetadataInterceptor());
    }

    public CommandGateway commands() {
        return axon.commandGateway();
    }

    public EventStore events() {
        return axon.eventStore();
    }

    /** The names of the projections that can be replayed. */
    public static List<String> projections() {
        return java.util.stream.Stream.concat(SUBSCRIBING.stream(), STREAMING.stream())
                .filter(name -> !name.equals(CacheInvalidator.GROUP))
                .toList();
    }

    Optional<PooledStreamingEventProcessor> streamingProcessor(String name) {
        return axon.eventProcessingConfiguration().eventProcessor(name, PooledStreamingEventProcessor.class);
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
