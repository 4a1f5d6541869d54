package dev.postject.service.platform.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.events.Actor;
import dev.postject.projections.accounts.AccountProjection;
import dev.postject.projections.apikeys.ApiKeyProjection;
import dev.postject.projections.auditlog.AuditLogProjection;
import dev.postject.projections.domains.DomainProjection;
import dev.postject.projections.emails.EmailProjection;
import dev.postject.projections.sandbox.SandboxEmailProjection;
import dev.postject.projections.schema.Migrations;
import dev.postject.projections.suppressions.SuppressionProjection;
import dev.postject.projections.webhooks.WebhookProjection;
import dev.postject.service.account.Account;
import dev.postject.service.platform.cache.CacheInvalidator;
import dev.postject.service.platform.cache.ReadModelCaches;
import dev.postject.service.platform.db.DatabaseException;
import dev.postject.service.platform.db.Transactions;
import dev.postject.service.sending.Email;
import dev.postject.service.webhooks.WebhookOutbox;
import io.dropwizard.lifecycle.Managed;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
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
import org.jdbi.v3.core.Jdbi;

/**
 * The event-sourced ledger: Axon on PostgreSQL. Events are appended by the JDBC event store in the
 * transaction of the command; the read-your-writes models (API keys, accounts, cache invalidation)
 * are subscribing processors in that same transaction; the audit log is a pooled streaming
 * processor whose tokens live in PostgreSQL, so it can be replayed.
 */
public final class Ledger implements Managed {
    private final Configuration axon;
    private final JdbcEventStorageEngine storage;
    private final Transactions transactions;
    private final ReadModelCaches caches;
    /** The read-your-writes projections, each with the table it owns. */
    private final Map<String, Rebuildable> inTransaction;

    private record Rebuildable(List<String> tables, Supplier<Object> projection) {}

    /** How often a caught-up streaming processor (the audit log) looks for new events. */
    static final Duration STREAM_POLL_INTERVAL = Duration.ofMillis(100);

    static {
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
    }

    /**
     * {@code outbox}: the webhook outbox, run in each event's transaction like the read models but
     * never replayed.
     */
    public Ledger(
            Transactions transactions,
            Jdbi jdbi,
            ObjectMapper eventJson,
            Clock clock,
            ReadModelCaches caches,
            WebhookOutbox outbox) {
        this.transactions = transactions;
        this.caches = caches;
        this.inTransaction = Map.of(
                ApiKeyProjection.GROUP, new Rebuildable(List.of("rm_api_keys"), () -> new ApiKeyProjection(jdbi)),
                AccountProjection.GROUP, new Rebuildable(List.of("rm_accounts"), () -> new AccountProjection(jdbi)),
                SandboxEmailProjection.GROUP,
                        new Rebuildable(List.of("rm_sandbox_emails"), () -> new SandboxEmailProjection(jdbi)),
                SuppressionProjection.GROUP,
                        new Rebuildable(List.of("rm_suppressions"), () -> new SuppressionProjection(jdbi)),
                DomainProjection.GROUP, new Rebuildable(List.of("rm_domains"), () -> new DomainProjection(jdbi)),
                WebhookProjection.GROUP, new Rebuildable(List.of("rm_webhooks"), () -> new WebhookProjection(jdbi)),
                EmailProjection.GROUP,
                        new Rebuildable(
                                List.of("rm_emails", "rm_email_recipients", "rm_email_events"),
                                () -> new EmailProjection(jdbi, eventJson)));
        JacksonSerializer serializer =
                JacksonSerializer.builder().objectMapper(eventJson).build();
        this.storage = JdbcEventStorageEngine.builder()
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
                                Actor.TYPE_KEY, Actor.ID_KEY, Actor.REQUEST_ID_KEY, Actor.CLIENT_IP_KEY)))
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Account.class)
                        .configureCache(c -> new WeakReferenceCache()))
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Email.class)
                        .configureCache(c -> new WeakReferenceCache()));
        configurer
                .eventProcessing()
                .registerTokenStore(c -> tokens)
                .registerSubscribingEventProcessor(ApiKeyProjection.GROUP)
                .registerSubscribingEventProcessor(AccountProjection.GROUP)
                .registerSubscribingEventProcessor(CacheInvalidator.GROUP)
                .registerSubscribingEventProcessor(SandboxEmailProjection.GROUP)
                .registerSubscribingEventProcessor(SuppressionProjection.GROUP)
                .registerSubscribingEventProcessor(DomainProjection.GROUP)
                .registerSubscribingEventProcessor(EmailProjection.GROUP)
                .registerSubscribingEventProcessor(WebhookProjection.GROUP)
                .registerSubscribingEventProcessor(WebhookOutbox.GROUP)
                .registerPooledStreamingEventProcessor(
                        AuditLogProjection.GROUP,
                        c -> new PollingEventSource(storage, STREAM_POLL_INTERVAL),
                        (c, builder) -> builder.initialSegmentCount(2).batchSize(100))
                .registerEventHandler(c -> new ApiKeyProjection(jdbi))
                .registerEventHandler(c -> new AccountProjection(jdbi))
                .registerEventHandler(c -> new CacheInvalidator(jdbi, caches))
                .registerEventHandler(c -> new SandboxEmailProjection(jdbi))
                .registerEventHandler(c -> new SuppressionProjection(jdbi))
                .registerEventHandler(c -> new DomainProjection(jdbi))
                .registerEventHandler(c -> new EmailProjection(jdbi, eventJson))
                .registerEventHandler(c -> new WebhookProjection(jdbi))
                .registerEventHandler(c -> outbox)
                .registerEventHandler(c -> new AuditLogProjection(jdbi, eventJson));
        this.axon = configurer.buildConfiguration();
        axon.commandBus().registerDispatchInterceptor(new ActorMetadataInterceptor());
    }

    /** One aggregate's events in the order they were appended (the ledger itself, no snapshot). */
    public List<DomainEventMessage<?>> history(String aggregateId) {
        return transactions.inTransaction(() -> storage.readEvents(aggregateId, 0L)
                .asStream()
                .<DomainEventMessage<?>>map(event -> event)
                .toList());
    }

    public CommandGateway commands() {
        return axon.commandGateway();
    }

    /** The projections {@link #replay} can rebuild. */
    public List<String> projections() {
        return Stream.concat(inTransaction.keySet().stream(), Stream.of(AuditLogProjection.GROUP))
                .sorted()
                .toList();
    }

    /**
     * Rebuilds a projection from the whole ledger while the service runs.
     *
     * <p>A read-your-writes model is cleared and replayed in one transaction that first locks its
     * table against writers: readers keep seeing the old model until the new one commits, and no
     * concurrent change is lost. The audit log's streaming processor is stopped, its tokens reset
     * (which clears the log), and started again; it catches up in the background.
     */
    public void replay(String name) {
        if (name.equals(AuditLogProjection.GROUP)) {
            PooledStreamingEventProcessor processor = axon.eventProcessingConfiguration()
                    .eventProcessor(name, PooledStreamingEventProcessor.class)
                    .orElseThrow();
            processor.shutdownAsync().join();
            processor.resetTokens();
            processor.start();
            return;
        }
        Rebuildable model = inTransaction.get(name);
        if (model == null) {
            throw new IllegalArgumentException("No projection named '" + name + "'; known: " + projections());
        }
        transactions.inTransaction(() -> {
            try (Connection connection = transactions.getConnection();
                    Statement lock = connection.createStatement()) {
                lock.execute("LOCK TABLE " + String.join(", ", model.tables()) + " IN EXCLUSIVE MODE");
            } catch (SQLException e) {
                throw new DatabaseException("Could not lock " + model.tables(), e);
            }
            AnnotationEventHandlerAdapter handler =
                    new AnnotationEventHandlerAdapter(model.projection().get());
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
        caches.clear();
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
