package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.service.PostjectConfiguration;
import dev.postject.service.platform.config.PostjectConfigurationFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Settings as a user meets them: {@code config.yml}'s defaults with or without the file, the
 * environment overrides, and errors that name the environment variable to fix.
 */
class ConfigurationTest {
    private static final Pattern CONFIRMATION_LINK =
            Pattern.compile("https?://[^\\s\"<>]+/v1/sandbox/confirm\\?token=[A-Za-z0-9]+");

    private static PostjectConfigurationFactory<PostjectConfiguration> factory(Map<String, String> environment) {
        return new PostjectConfigurationFactory<>(
                PostjectConfiguration.class,
                Validators.newValidator(),
                Jackson.newObjectMapper(),
                "dw",
                environment::get);
    }

    private static String settings(PostjectConfiguration config) throws Exception {
        ObjectMapper json = Jackson.newObjectMapper();
        return json.writeValueAsString(json.valueToTree(config));
    }

    @Test
    void withNoConfigurationFile_theSettingsAreConfigYmls_withTheSameEnvironmentOverrides() throws Exception {
        Map<String, String> environment = Map.of("POSTJECT_HTTP_PORT", "28080", "POSTJECT_DATA_DIR", "/srv/pj");

        PostjectConfiguration builtIn = factory(environment).build();
        PostjectConfiguration fromFile =
                factory(environment).build(new FileConfigurationSourceProvider(), PostjectApp.CONFIG);

        assertThat(settings(builtIn)).isEqualTo(settings(fromFile)).contains("28080");
        assertThat(builtIn.dataDir()).isEqualTo("/srv/pj");
    }

    @Test
    void check_withNoConfigurationFile_acceptsTheDefaults() throws Exception {
        ChildJvm.Result check = ChildJvm.run(Map.of(), "check");

        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void theService_startedWithNoConfigurationFile_servesOnConfigYmlsDefaults() throws Exception {
        PostjectApp app = PostjectApp.withoutConfigFile();
        app.start();
        try {
            assertThat(app.api().get("/v1/ping", null).status()).isEqualTo(200);
            Api.Reply unknown = app.api().get("/v1/no-such-thing", null);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.errorCode())
                    .as("config.yml turns Dropwizard's own error pages off")
                    .isNotNull();
        } finally {
            app.stop();
        }
    }

    @Test
    void aSettingOfTheWrongType_namesTheEnvironmentVariableItCameFrom() throws Exception {
        ChildJvm.Result check = ChildJvm.run(Map.of("POSTJECT_HTTP_PORT", "eighty"), "check", PostjectApp.CONFIG);

        assertThat(check.exitCode()).isNotZero();
        assertThat(check.output())
                .contains("server.applicationConnectors")
                .contains("the value comes from the environment variable POSTJECT_HTTP_PORT");
    }

    @Test
    void aSettingOutOfRange_namesTheEnvironmentVariableItCameFrom() throws Exception {
        ChildJvm.Result check = ChildJvm.run(Map.of("POSTJECT_JWT_TTL_MINUTES", "0"), "check", PostjectApp.CONFIG);

        assertThat(check.exitCode()).isNotZero();
        assertThat(check.output())
                .contains("jwtTtlMinutes must be greater than or equal to 1")
                .contains("the value comes from the environment variable POSTJECT_JWT_TTL_MINUTES");
    }

    @Test
    void theConfirmationLink_followsTheApiPortBound_whenNoPublicUrlIsSet() throws Exception {
        PostjectApp app = PostjectApp.onTestDatabase();
        app.start();
        try {
            Api.Session session = app.api().signUp("follows-the-port@example.com");
            String key = app.api().createKey(session.token(), "{}").get("key").asText();
            assertThat(app.api()
                            .post("/v1/account/sandbox-emails", key, Api.json(Map.of("email", "you@example.com")))
                            .status())
                    .isEqualTo(201);

            String link =
                    await().atMost(Duration.ofSeconds(10)).until(() -> confirmationLink(app, key), l -> l != null);

            assertThat(link).startsWith("http://localhost:" + app.port() + "/v1/sandbox/confirm?token=");
            HttpResponse<String> page = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("you@example.com");
        } finally {
            app.stop();
        }
    }

    private static String confirmationLink(PostjectApp app, String key) {
        for (JsonNode mail : app.api().get("/v1/dev/inbox", key).json().get("data")) {
            Matcher link = CONFIRMATION_LINK.matcher(mail.get("raw").asText().replace("=\r\n", ""));
            if (link.find()) {
                return link.group();
            }
        }
        return null;
    }

    @Test
    void aPublicUrlThatIsNotAnAbsoluteHttpUrl_isRefusedAtStart_namingItsVariable() throws Exception {
        ChildJvm.Result check = ChildJvm.run(Map.of("POSTJECT_PUBLIC_URL", "notaurl"), "check", PostjectApp.CONFIG);

        assertThat(check.exitCode()).isNotZero();
        assertThat(check.output())
                .contains("publicUrl must be an absolute http(s) URL with no query or fragment")
                .contains("the value comes from the environment variable POSTJECT_PUBLIC_URL");
    }
}
