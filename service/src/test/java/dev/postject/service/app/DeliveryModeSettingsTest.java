package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POSTJECT_DELIVERY} against {@code POSTJECT_SMTP_HOST}, as {@code postject check config.yml}
 * judges them: a mode the SMTP host setting contradicts is refused, naming both.
 */
class DeliveryModeSettingsTest {
    private static ChildJvm.Result check(Map<String, String> environment) throws Exception {
        return ChildJvm.run(environment, "check", PostjectApp.CONFIG);
    }

    @Test
    void directDelivery_besideAnSmtpHost_isRefusedNamingBothSettings() throws Exception {
        ChildJvm.Result check = check(Map.of("POSTJECT_DELIVERY", "direct", "POSTJECT_SMTP_HOST", "smtp.example.com"));

        assertThat(check.exitCode()).as(check.output()).isNotZero();
        assertThat(check.output()).contains("POSTJECT_DELIVERY").contains("POSTJECT_SMTP_HOST");
    }

    @Test
    void relayDelivery_withoutAnSmtpHost_isRefusedNamingBothSettings() throws Exception {
        ChildJvm.Result check = check(Map.of("POSTJECT_DELIVERY", "relay"));

        assertThat(check.exitCode()).as(check.output()).isNotZero();
        assertThat(check.output()).contains("POSTJECT_DELIVERY").contains("POSTJECT_SMTP_HOST");
    }

    @Test
    void anUnknownMode_isRefused() throws Exception {
        ChildJvm.Result check = check(Map.of("POSTJECT_DELIVERY", "sideways"));

        assertThat(check.exitCode()).as(check.output()).isNotZero();
        assertThat(check.output()).contains("capture, relay or direct (POSTJECT_DELIVERY)");
    }

    @Test
    void everyDirectSetting_andTheBounceDomain_bindFromTheEnvironment() throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of(
                "POSTJECT_DELIVERY", "direct",
                "POSTJECT_BOUNCE_DOMAIN", "bounces.example.com",
                "POSTJECT_HELO_NAME", "mta.example.com",
                "POSTJECT_MX_PORT", "2525",
                "POSTJECT_MX_CONCURRENCY", "64",
                "POSTJECT_MX_CONNECTIONS_PER_HOST", "5",
                "POSTJECT_MX_MESSAGES_PER_CONNECTION", "50",
                "POSTJECT_MX_IDLE_SECONDS", "3",
                "POSTJECT_MX_ADDRESS_PREFERENCE", "ipv6_first",
                "POSTJECT_MX_MAX_HOSTS", "4"));
        environment.putAll(Map.of(
                "POSTJECT_MX_MAX_ADDRESSES_PER_HOST", "2",
                "POSTJECT_MX_CONNECT_TIMEOUT_SECONDS", "10",
                "POSTJECT_MX_COMMAND_TIMEOUT_SECONDS", "120",
                "POSTJECT_MX_BACKOFF_SECONDS", "30",
                "POSTJECT_MX_BACKOFF_MAX_SECONDS", "600",
                "POSTJECT_MTA_STS_TIMEOUT_SECONDS", "5",
                "POSTJECT_MTA_STS_PORT", "8443",
                "POSTJECT_MTA_STS_CACHE_SIZE", "100",
                "POSTJECT_MX_ALLOW_PRIVATE", "false"));

        ChildJvm.Result check = check(environment);
        assertThat(check.exitCode()).as(check.output()).isZero();

        environment.put("POSTJECT_MX_BACKOFF_MAX_SECONDS", "10"); // below the first backoff
        ChildJvm.Result refused = check(environment);
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("POSTJECT_MX_BACKOFF_MAX_SECONDS");
    }
}
