package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alert rules the README gives operators ({@code ops/prometheus/alerts.yml}): valid for
 * Prometheus' own {@code promtool} (Debian's {@code prometheus} package, which bin/test installs),
 * firing as their unit tests expect, and naming only metrics a running Postject serves.
 */
final class AlertRules {
    static final Path DIRECTORY = Path.of("..", "ops", "prometheus");
    private static final Pattern METRIC = Pattern.compile("\\bpostject_[a-z0-9_]+");

    private AlertRules() {}

    static void assertValid(Scrape scrape) throws IOException, InterruptedException {
        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(DIRECTORY.resolve("alerts.yml").toFile())
                .get("groups")
                .get(0)
                .get("rules");
        List<String> alerts = new ArrayList<>();
        for (JsonNode rule : rules) {
            alerts.add(rule.get("alert").asText());
            Matcher names = METRIC.matcher(rule.get("expr").asText());
            while (names.find()) {
                assertThat(scrape.has(names.group()))
                        .as(
                                "%s uses %s, which the app serves",
                                rule.get("alert").asText(), names.group())
                        .isTrue();
            }
        }
        assertThat(alerts)
                .containsExactly("PostjectDeliveryQueueStuck", "PostjectHardBounceRateHigh", "PostjectWebhookBacklog");
        assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS: 3 rules found");
        assertThat(promtool("test", "rules", "alerts-test.yml")).contains("SUCCESS");
    }

    private static String promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .directory(DIRECTORY.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
