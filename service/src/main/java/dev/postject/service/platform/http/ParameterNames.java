package dev.postject.service.platform.http;

import io.dropwizard.jersey.validation.JerseyParameterNameProvider;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ParameterNameProvider;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names that validation gives a resource method's parameters (Jersey's: a body is "body", a
 * header parameter its header's name), looked up once per method. Validating a request's body
 * asks for them on every request, and the lookup copies the method's parameter annotations each
 * time: a send spent more on that than on checking its fields.
 */
public final class ParameterNames implements ParameterNameProvider {
    private final ParameterNameProvider names;
    private final Map<Executable, List<String>> known = new ConcurrentHashMap<>();

    ParameterNames(ParameterNameProvider names) {
        this.names = names;
    }

    /** Dropwizard's validator factory, with Jersey's parameter names looked up once per method. */
    public static ValidatorFactory validatorFactory() {
        return Validators.newConfiguration()
                .parameterNameProvider(new ParameterNames(new JerseyParameterNameProvider()))
                .buildValidatorFactory();
    }

    @Override
    public List<String> getParameterNames(Constructor<?> constructor) {
        return known.computeIfAbsent(constructor, unused -> List.copyOf(names.getParameterNames(constructor)));
    }

    @Override
    public List<String> getParameterNames(Method method) {
        return known.computeIfAbsent(method, unused -> List.copyOf(names.getParameterNames(method)));
    }
}
