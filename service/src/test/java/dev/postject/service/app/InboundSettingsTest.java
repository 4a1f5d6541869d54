package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inbound listener's settings as {@code postject check config.yml} judges them from the environment. */
class InboundSettingsTest {
    private static final Map<String, String> EVERY_SETTING = Map.of(
            "POSTJECT_BOUNCE_DOMAIN", "bounces.example.com",
            "POSTJECT_INBOUND_ENABLED", "true",
            "POSTJECT_INBOUND_BIND", "127.0.0.1",
            "POSTJECT_INBOUND_PORT", "25",
            "POSTJECT_INBOUND_MAX_MESSAGE_SIZE", "20MiB",
            "POSTJECT_INBOUND_MAX_CONNECTIONS", "50",
            "POSTJECT_INBOUND_MAX_CONNECTIONS_PER_IP", "5",
            "POSTJECT_INBOUND_COMMAND_TIMEOUT", "2 minutes",
            "POSTJECT_INBOUND_DATA_TIMEOUT", "3 minutes",
            "POSTJECT_INBOUND_MAX_ERRORS", "10");

    private static ChildJvm.Result check(Map<String, String> environment) throws Exception {
        return ChildJvm.run(environment, "check", PostjectApp.CONFIG);
    }

    @Test
    void everyInboundSetting_bindsFromTheEnvironment() throws Exception {
        ChildJvm.Result check = check(EVERY_SETTING);

        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void aBindAddressThatIsAName_isRefusedNamingItsVariable() throws Exception {
        ChildJvm.Result check = check(Map.of("POSTJECT_INBOUND_BIND", "mx.example.com"));

        assertThat(check.exitCode()).as(check.output()).isNotZero();
        assertThat(check.output()).contains("POSTJECT_INBOUND_BIND");
    }

    @Test
    void aMessageSizeOutOfBounds_isRefusedNamingItsVariable() throws Exception {
        ChildJvm.Result check = check(Map.of("POSTJECT_INBOUND_MAX_MESSAGE_SIZE", "1KiB"));

        assertThat(check.exitCode()).as(check.output()).isNotZero();
        assertThat(check.output()).contains("POSTJECT_INBOUND_MAX_MESSAGE_SIZE");
    }
}
