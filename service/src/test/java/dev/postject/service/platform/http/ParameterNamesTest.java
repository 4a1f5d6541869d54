package dev.postject.service.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jersey.validation.JerseyParameterNameProvider;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.HeaderParam;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A resource method's parameters keep Jersey's names in violations, looked up once per method. */
class ParameterNamesTest {
    static final class Resource {
        public void send(@HeaderParam("Idempotency-Key") @NotNull String key, @NotNull String body) {}
    }

    @Test
    void namesAreJerseys_andEachMethodsAreLookedUpOnce() throws NoSuchMethodException {
        AtomicInteger lookups = new AtomicInteger();
        ParameterNames names = new ParameterNames(new JerseyParameterNameProvider() {
            @Override
            public List<String> getParameterNames(Method method) {
                lookups.incrementAndGet();
                return super.getParameterNames(method);
            }
        });
        Method send = Resource.class.getMethod("send", String.class, String.class);

        List<String> first = names.getParameterNames(send);
        List<String> second = names.getParameterNames(send);

        assertThat(first).isEqualTo(new JerseyParameterNameProvider().getParameterNames(send));
        assertThat(second).isEqualTo(first);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void theValidatorsViolations_nameTheBodyAndTheHeader() throws NoSuchMethodException {
        Validator validator = ParameterNames.validatorFactory().getValidator();
        Method send = Resource.class.getMethod("send", String.class, String.class);

        Set<ConstraintViolation<Resource>> violations =
                validator.forExecutables().validateParameters(new Resource(), send, new Object[] {null, null});

        assertThat(violations)
                .extracting(violation -> violation.getPropertyPath().toString())
                .containsExactlyInAnyOrderElementsOf(new JerseyParameterNameProvider()
                        .getParameterNames(send).stream()
                                .map(name -> "send." + name)
                                .toList());
    }
}
