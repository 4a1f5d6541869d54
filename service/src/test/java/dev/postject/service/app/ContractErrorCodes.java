package dev.postject.service.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.resources.OpenApiResource;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The error codes the contract lists for each operation and status: the backquoted codes of the
 * answer's description ({@code Error codes: `a`, `b`.}; Resend's {@code name}s likewise, Postmark's
 * numbers after {@code ErrorCode}), the {@code default} answer's for a status the operation does
 * not list. The validator checks an error's shape; this checks its code, so an
 * error code the document does not name for that operation is drift too.
 */
final class ContractErrorCodes {
    private static final JsonNode DOCUMENT = OpenApiResource.read();
    private static final Pattern CODE = Pattern.compile("`([a-z][a-z0-9_]*)`");
    /** Postmark's numeric codes, as its answers list them: {@code ErrorCode 300 (invalid request), 406 (...)}. */
    private static final Pattern POSTMARK_CODE = Pattern.compile("\\b([0-9]+)\\b");

    private static final Map<Pattern, String> TEMPLATES = StreamSupport.stream(
                    ((Iterable<String>) () -> DOCUMENT.path("paths").fieldNames()).spliterator(), false)
            .collect(Collectors.toMap(ContractErrorCodes::pattern, template -> template));

    private ContractErrorCodes() {}

    /** Why {@code code} is not an error code of this answer, or empty when it is one. */
    static Optional<String> problem(String method, String path, int status, String code) {
        String verb = method.toLowerCase(Locale.ROOT);
        Optional<String> template = TEMPLATES.entrySet().stream()
                .filter(entry -> entry.getKey().matcher(path).matches())
                .map(Map.Entry::getValue)
                .filter(t -> DOCUMENT.path("paths").path(t).has(verb))
                // a literal segment before a parameter: /v1/emails/batch, not /v1/emails/{id}
                .min(Comparator.comparingLong(
                        t -> t.chars().filter(c -> c == '{').count()));
        if (template.isEmpty()) {
            return Optional.empty();
        }
        JsonNode responses =
                DOCUMENT.path("paths").path(template.get()).path(verb).path("responses");
        String answered = responses.has(Integer.toString(status)) ? Integer.toString(status) : "default";
        String description =
                resolved(responses.path(answered)).path("description").asText("");
        Set<String> codes = Contract.Dialect.of(path) == Contract.Dialect.POSTMARK
                ? postmarkCodes(description)
                : codes(CODE, description);
        if (codes.contains(code)) {
            return Optional.empty();
        }
        return Optional.of("error code `" + code + "` is not one the contract lists for " + method + " "
                + template.get() + " " + answered + " " + codes);
    }

    private static JsonNode resolved(JsonNode answer) {
        String ref = answer.path("$ref").asText("");
        return ref.startsWith("#/") ? DOCUMENT.at(ref.substring(1)) : answer;
    }

    private static Set<String> postmarkCodes(String description) {
        int from = description.indexOf("ErrorCode");
        return from < 0 ? Set.of() : codes(POSTMARK_CODE, description.substring(from));
    }

    private static Set<String> codes(Pattern code, String description) {
        Set<String> codes = new LinkedHashSet<>();
        Matcher matcher = code.matcher(description);
        while (matcher.find()) {
            codes.add(matcher.group(1));
        }
        return codes;
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
