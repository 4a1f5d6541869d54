package dev.postject.service.platform.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationParsingException;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.validation.ConstraintViolations;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.text.StringSubstitutor;

/**
 * Reads Postject's configuration: {@code config.yml} with its {@code ${POSTJECT_X:-default}}
 * placeholders replaced from the environment. With no file given, the {@code config.yml} built
 * into the jar (the same file), so there is one set of defaults. An error about a setting also
 * names the environment variable behind it.
 */
public final class PostjectConfigurationFactory<T> extends YamlConfigurationFactory<T> {
    /** Where the build puts the project's {@code config.yml} inside the jar. */
    public static final String BUILT_IN = "dev/postject/service/config.yml";

    private final Function<String, String> environment;

    public PostjectConfigurationFactory(
            Class<T> type,
            Validator validator,
            ObjectMapper mapper,
            String propertyPrefix,
            Function<String, String> environment) {
        super(type, validator, mapper, propertyPrefix);
        this.environment = environment;
    }

    @Override
    public T build(ConfigurationSourceProvider provider, String path) throws IOException, ConfigurationException {
        String raw;
        try (InputStream in = provider.open(path)) {
            raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return build(raw, path);
    }

    /** No file given: the built-in {@code config.yml}, with the same environment overrides. */
    @Override
    public T build() throws IOException, ConfigurationException {
        try (InputStream in =
                PostjectConfigurationFactory.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IOException("The built-in " + BUILT_IN + " is missing from the classpath");
            }
            return build(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the built-in config.yml");
        }
    }

    private T build(String raw, String path) throws IOException, ConfigurationException {
        StringSubstitutor substitutor = new StringSubstitutor(environment::apply);
        byte[] text = substitutor.replace(raw).getBytes(StandardCharsets.UTF_8);
        try {
            return super.build(ignored -> new ByteArrayInputStream(text), path);
        } catch (ConfigurationException e) {
            throw naming(SettingVariables.of(raw, environment), path, e);
        }
    }

    /** The same errors, each followed by the environment variable behind its setting. */
    private static ConfigurationException naming(SettingVariables variables, String path, ConfigurationException e) {
        List<String> errors = new ArrayList<>();
        if (e instanceof ConfigurationValidationException invalid) {
            for (ConstraintViolation<?> violation : invalid.getConstraintViolations()) {
                errors.add(with(
                        ConstraintViolations.format(violation),
                        variables.explain(violation.getPropertyPath().toString())));
            }
            errors.sort(String::compareTo);
        } else if (e instanceof ConfigurationParsingException && mappingCause(e) != null) {
            Optional<String> explanation =
                    variables.explain(SettingVariables.pathOf(mappingCause(e).getPath()));
            e.getErrors().forEach(error -> errors.add(with(error, explanation)));
        } else {
            return e;
        }
        return new SettingsException(path, errors);
    }

    private static JsonMappingException mappingCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JsonMappingException mapping) {
                return mapping;
            }
        }
        return null;
    }

    private static String with(String error, Optional<String> explanation) {
        return explanation.map(text -> error + " (" + text + ")").orElse(error);
    }

    /** A configuration error whose messages name the environment variables behind the settings. */
    static final class SettingsException extends ConfigurationException {
        SettingsException(String path, Collection<String> errors) {
            super(path, errors);
        }
    }
}
