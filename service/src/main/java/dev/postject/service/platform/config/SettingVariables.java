package dev.postject.service.platform.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which environment variable sets which setting, read from the {@code ${POSTJECT_X:-default}}
 * placeholders of the configuration text itself, so it stays true whenever {@code config.yml}
 * changes. Paths are written {@code server.applicationConnectors[0].port}.
 */
final class SettingVariables {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");

    private final Map<String, String> byPath;
    private final Function<String, String> environment;

    private SettingVariables(Map<String, String> byPath, Function<String, String> environment) {
        this.byPath = Map.copyOf(byPath);
        this.environment = environment;
    }

    /** From the configuration text as written, before its placeholders are replaced. */
    static SettingVariables of(String rawYaml, Function<String, String> environment) {
        Map<String, String> byPath = new HashMap<>();
        try {
            JsonNode root = new YAMLMapper().readTree(rawYaml);
            if (root != null) {
                collect(root, "", byPath);
            }
        } catch (IOException e) {
            // not YAML as written: the factory reports the text itself; no variables to name
        }
        return new SettingVariables(byPath, environment);
    }

    private static void collect(JsonNode node, String path, Map<String, String> byPath) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(field -> collect(
                            field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), byPath));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", byPath);
            }
        } else if (node.isTextual()) {
            Matcher placeholder = PLACEHOLDER.matcher(node.asText());
            if (placeholder.find()) {
                byPath.put(path, placeholder.group(1));
            }
        }
    }

    /** The variable behind the setting at {@code path}, if its value comes from one. */
    Optional<String> at(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** The path of a Jackson binding error, in this class's notation. */
    static String pathOf(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() == null) {
                path.append('[').append(reference.getIndex()).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            }
        }
        return path.toString();
    }

    /**
     * What to tell about the setting at {@code path}: the variable the value came from, or the one
     * that would override it; empty when no variable stands behind it. Never the value itself.
     */
    Optional<String> explain(String path) {
        return at(path).map(variable -> environment.apply(variable) != null
                ? "the value comes from the environment variable " + variable
                : "the value is the default in the configuration file; " + variable + " overrides it");
    }
}
