package dev.postject.service.app;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.service.resources.OpenApiResource;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenAPI contract ({@code openapi/openapi.yaml}) as a test oracle: every request an app
 * serves in a test and its answer are checked against it ({@link ContractFilter}), and a mismatch
 * fails the test ({@link ContractExtension}).
 *
 * <p>The answer is always checked, whatever its status: an error must have the documented status and
 * the error shape. The request is checked only when it succeeded (2xx): tests send invalid requests
 * on purpose (malformed JSON, unknown fields, wrong types) to see them refused, and what is checked
 * then is the refusal. A path the contract does not have must be answered 404 (405 for a method, or
 * a failure, 5xx) in the error shape. Paths outside the API ({@code /}, {@code /dashboard/...}, the admin port's)
 * are not part of the contract.
 */
final class Contract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForInlineApiSpecification(ContractAs30.of(OpenApiResource.read()))
                    .build();
    /** What makes a request stray from the contract's paths rather than from an operation's rules. */
    private static final Set<String> NO_OPERATION =
            Set.of("validation.request.path.missing", "validation.request.operation.notAllowed");

    private Contract() {}

    /** Loads the contract and its validator now, so that the first check is as quick as the others. */
    static void load() {
        VALIDATOR.hashCode();
    }

    /** One request and its answer, as the server saw them (the query and bodies raw, or null and empty). */
    record Exchange(
            String method,
            String path,
            String query,
            Map<String, List<String>> requestHeaders,
            String requestBody,
            int status,
            Map<String, List<String>> answerHeaders,
            String answer) {}

    /** Checks one exchange; a mismatch is recorded, to fail the test that made it. */
    static void record(Exchange exchange) {
        List<String> problems = problems(exchange);
        if (!problems.isEmpty()) {
            Mismatches.add(exchange.method() + " " + exchange.path() + " -> " + exchange.status()
                    + " does not match the OpenAPI contract:\n  " + String.join("\n  ", problems)
                    + "\n  answer body: " + abbreviated(exchange.answer()));
        }
    }

    /** The API's paths: {@code /v1}, tracking, and the Postmark ({@code /email}) and Resend ({@code /emails}) endpoints. */
    static boolean covers(String path) {
        return path.startsWith("/v1/") || path.startsWith("/t/") || Dialect.of(path) != Dialect.POSTJECT;
    }

    /** Whose error shape a path answers in: Postject's, or on its compatibility endpoints Postmark's or Resend's. */
    enum Dialect {
        POSTJECT,
        /** {@code /email}, {@code /email/...}: {@code {"ErrorCode", "Message"}}. */
        POSTMARK,
        /** {@code /emails}, {@code /emails/...}: {@code {"statusCode", "name", "message"}}. */
        RESEND;

        static Dialect of(String path) {
            if (path.equals("/emails") || path.startsWith("/emails/")) {
                return RESEND;
            }
            return path.equals("/email") || path.startsWith("/email/") ? POSTMARK : POSTJECT;
        }

        /** Postject's error shape (which any path may answer in), or this dialect's. */
        boolean isError(JsonNode answer) {
            JsonNode error = answer.path("error");
            if (error.path("code").isTextual() && error.path("message").isTextual()) {
                return true;
            }
            return switch (this) {
                case POSTJECT -> false;
                case POSTMARK ->
                    answer.path("ErrorCode").isInt() && answer.path("Message").isTextual();
                case RESEND ->
                    answer.path("statusCode").isInt() && answer.path("name").isTextual();
            };
        }

        /** The error code: Postject's {@code error.code}, Postmark's {@code ErrorCode} (but 0, success), Resend's {@code name}. */
        Optional<String> errorCode(JsonNode answer) {
            JsonNode code = switch (this) {
                case POSTJECT -> answer.path("error").path("code");
                case POSTMARK -> answer.path("ErrorCode");
                case RESEND -> answer.path("name");
            };
            return code.isTextual() || (code.isInt() && code.asInt() != 0)
                    ? Optional.of(code.asText())
                    : Optional.empty();
        }
    }

    /** What in this exchange breaks the contract; empty when nothing does. */
    static List<String> problems(Exchange exchange) {
        String path = exchange.path();
        List<String> problems = new ArrayList<>();
        if (!covers(path)) {
            return problems;
        }
        Request.Method method = Request.Method.valueOf(exchange.method());
        SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.status());
        exchange.answerHeaders().forEach(response::withHeader);
        if (!exchange.answer().isEmpty()) {
            response.withBody(exchange.answer());
        }
        ValidationReport answer = VALIDATOR.validateResponse(path, method, response.build());
        if (answer.getMessages().stream().anyMatch(m -> NO_OPERATION.contains(m.getKey()))) {
            boolean refused = exchange.status() == 404 || exchange.status() == 405 || exchange.status() >= 500;
            if (!refused || !isError(path, exchange.answer())) {
                problems.add(
                        "no operation " + method + " " + path + " in the contract, yet answered " + exchange.status());
            }
            return problems;
        }
        answer.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> problems.add("answer: " + m.getKey() + ": " + m.getMessage()));
        errorCode(path, exchange.answer())
                .flatMap(code -> ContractErrorCodes.problem(exchange.method(), path, exchange.status(), code))
                .ifPresent(problem -> problems.add("answer: " + problem));
        if (exchange.status() >= 200 && exchange.status() < 300) {
            VALIDATOR.validateRequest(request(exchange, method)).getMessages().stream()
                    .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .forEach(m -> problems.add("request: " + m.getKey() + ": " + m.getMessage()));
        }
        return problems;
    }

    /**
     * Every mismatch seen in this JVM, in order, for {@link ContractExtension} to fail tests by; apart
     * from {@link Contract} so that tests that make no request never load the validator.
     */
    static final class Mismatches {
        private static final List<String> SEEN = new ArrayList<>();

        private Mismatches() {}

        static synchronized void add(String mismatch) {
            SEEN.add(mismatch);
        }

        static synchronized int count() {
            return SEEN.size();
        }

        static synchronized List<String> since(int from) {
            return List.copyOf(SEEN.subList(from, SEEN.size()));
        }

        /** Takes back the mismatches since {@code from}: a test of the check itself expects them. */
        static synchronized List<String> takeSince(int from) {
            List<String> taken = since(from);
            SEEN.subList(from, SEEN.size()).clear();
            return taken;
        }

        static String describe(List<String> mismatches) {
            return mismatches.size() + " contract mismatch(es):\n" + String.join("\n", mismatches);
        }
    }

    private static Request request(Exchange exchange, Request.Method method) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, exchange.path());
        exchange.requestHeaders()
                .forEach((name, values) -> request.withHeader(
                        name,
                        name.equalsIgnoreCase("Authorization")
                                ? values.stream().map(Contract::canonicalScheme).toList()
                                : values));
        String query = exchange.query();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                // the server takes an empty value as absent (allowEmptyValue in the contract), while the
                // validator reports an empty optional parameter as a missing required one
                if (!value.isEmpty()) {
                    request.withQueryParam(decoded(name), decoded(value));
                }
            }
        }
        if (!exchange.requestBody().isEmpty()) {
            request.withBody(exchange.requestBody());
        }
        return request.build();
    }

    /** An answer in the error shape of its path's dialect. */
    private static boolean isError(String path, String body) {
        try {
            return Dialect.of(path).isError(JSON.readTree(body));
        } catch (IOException e) {
            return false;
        }
    }

    /** The error code of an answer in its path's dialect. */
    private static Optional<String> errorCode(String path, String body) {
        try {
            return Dialect.of(path).errorCode(JSON.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code Bearer} for the scheme in any case: RFC 9110 makes it case-insensitive (and Postject
     * takes {@code bearer}), while the validator compares it exactly.
     */
    private static String canonicalScheme(String authorization) {
        return authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? "Bearer " + authorization.substring(7)
                : authorization;
    }

    private static String decoded(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String abbreviated(String body) {
        return body.length() > 2_000 ? body.substring(0, 2_000) + "..." : body;
    }
}
