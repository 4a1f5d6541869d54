package dev.postject.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.postject.service.cli.CreateAdminCommand;
import dev.postject.service.inbound.InboundListener;
import dev.postject.service.platform.config.PostjectConfigurationFactory;
import dev.postject.service.platform.http.ParameterNames;
import dev.postject.service.submission.SubmissionListeners;
import dev.postject.service.wiring.Wiring;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;

/** Postject: {@code java -jar postject.jar server config.yml}, wired by hand in {@link Wiring}. */
public class PostjectApplication extends Application<PostjectConfiguration> {
    private final Clock clock;
    private volatile Wiring.Running running;

    public PostjectApplication() {
        this(Clock.systemUTC());
    }

    /** With the clock that all rules and timestamps use (tests move it). */
    public PostjectApplication(Clock clock) {
        this.clock = clock;
    }

    public static void main(String[] args) throws Exception {
        new PostjectApplication().run(args);
    }

    @Override
    public String getName() {
        return "postject";
    }

    @Override
    public void initialize(Bootstrap<PostjectConfiguration> bootstrap) {
        bootstrap.setConfigurationFactoryFactory((klass, validator, mapper, prefix) ->
                new PostjectConfigurationFactory<>(klass, validator, mapper, prefix, System::getenv));
        bootstrap.addCommand(new CreateAdminCommand());
        bootstrap.setValidatorFactory(ParameterNames.validatorFactory());
    }

    /**
     * Instants as ISO-8601 strings; request bodies bind exactly: unknown fields, fields given twice
     * and loosely typed values are refused. Applied after the configuration is read, whose overrides
     * are strings.
     */
    static void configureJson(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }

    @Override
    public void run(PostjectConfiguration config, Environment environment) {
        configureJson(environment.getObjectMapper());
        GenericEventMessage.clock = clock;
        running = Wiring.install(config, environment, clock);
    }

    /** The SMTP submission listeners once {@link #run} built them (null when submission is turned off). */
    public SubmissionListeners submission() {
        return running == null ? null : running.submission();
    }

    /** The ledger's command gateway once {@link #run} built it. */
    public CommandGateway commands() {
        return running == null ? null : running.commands();
    }

    /** The inbound listener for bounces and complaints once {@link #run} built it (null when it is off). */
    public InboundListener inbound() {
        return running == null ? null : running.inbound();
    }
}
