package dev.postject.service.mail.direct;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The direct delivery settings: defaults fit for the internet, and values that cannot work refused. */
class DirectSettingsTest {
    private final Validator validator = Validators.newValidator();
    private final ObjectMapper json = Jackson.newObjectMapper();

    private Set<String> problems(DirectSettings settings) {
        Set<ConstraintViolation<DirectSettings>> violations = validator.validate(settings);
        return violations.stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .collect(Collectors.toSet());
    }

    @Test
    void theDefaultsAreValidAndThoseTheIssueNames() {
        DirectSettings defaults = new DirectSettings();

        assertThat(problems(defaults)).isEmpty();
        assertThat(defaults.port()).isEqualTo(25);
        assertThat(defaults.connectionsPerHost()).isEqualTo(10);
        assertThat(defaults.messagesPerConnection()).isEqualTo(100);
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.backoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.backoffMax()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.allowPrivate()).isFalse();
    }

    @Test
    void settingsBindFromConfigurationByTheirNames() throws Exception {
        DirectSettings bound = json.readValue("""
                {"port": 2525, "heloName": "mta.example.com", "connectionsPerHost": 3,
                 "messagesPerConnection": 7, "idleSeconds": 9, "backoffSeconds": 30, "backoffMaxSeconds": 90,
                 "addressPreference": "IPV6_FIRST", "allowPrivate": true}
                """, DirectSettings.class);

        assertThat(problems(bound)).isEmpty();
        assertThat(bound.port()).isEqualTo(2525);
        assertThat(bound.heloName()).isEqualTo("mta.example.com");
        assertThat(bound.connectionsPerHost()).isEqualTo(3);
        assertThat(bound.messagesPerConnection()).isEqualTo(7);
        assertThat(bound.idleTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(bound.backoffMax()).isEqualTo(Duration.ofSeconds(90));
        assertThat(bound.addressPreference()).isEqualTo(DirectSettings.AddressPreference.IPV6_FIRST);
    }

    @Test
    void aHeloNameThatIsNoFullyQualifiedHostNameIsRefused() {
        assertThat(problems(new DirectSettings().heloName("mta")))
                .singleElement()
                .asString()
                .startsWith("heloName");
        assertThat(problems(new DirectSettings().heloName("mta example.com"))).hasSize(1);
        assertThat(problems(new DirectSettings().heloName("mta.example.com"))).isEmpty();
    }

    @Test
    void limitsThatCannotWorkAreRefused() {
        assertThat(problems(new DirectSettings().connectionsPerHost(0))).hasSize(1);
        assertThat(problems(new DirectSettings().messagesPerConnection(0))).hasSize(1);
        assertThat(problems(new DirectSettings().port(0))).hasSize(1);
        assertThat(problems(new DirectSettings().backoffSeconds(600).backoffMaxSeconds(60)))
                .singleElement()
                .asString()
                .contains("POSTJECT_MX_BACKOFF_MAX_SECONDS");
    }
}
