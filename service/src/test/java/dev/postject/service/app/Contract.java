package dev.postject.service.app;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.resources.OpenApiResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The OpenAPI contract ({@code openapi/openapi.yaml}) as a test oracle: every request an app test
 * makes through {@link Api} and its answer are checked against it, and a mismatch fails the test.
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

    /** Checks one exchange; a mismatch is recorded and thrown, so the test that made it fails. */
    static void check(HttpRequest request, Reply reply) {
        List<String> problems = problems(request, reply);
        if (!problems.isEmpty()) {
            String mismatch = request.method() + " " + request.uri().getRawPath() + " -> " + reply.status()
                    + " does not match the OpenAPI contract:\n  " + String.join("\n  ", problems)
                    + "\n  answer body: " + abbreviated(reply.body());
            Mismatches.add(mismatch);
            throw new AssertionError(mismatch);
        }
    }

    /** The API's paths: {@code /v1}, tracking, and the Postmark ({@code /email}) and Resend ({@code /emails}) endpoints. */
    private static boolean inTheContract(String path) {
        return path.startsWith("/v1/")
                || path.startsWith("/t/")
                || path.equals("/email")
                || path.startsWith("/email/")
                || path.equals("/emails")
                || path.startsWith("/emails/");
    }

    /** What in this exchange breaks the contract; empty when nothing does. */
    static List<String> problems(HttpRequest request, Reply reply) {
        String path = request.uri().getRawPath();
        List<String> problems = new ArrayList<>();
        if (!inTheContract(path)) {
            return problems;
        }
        Request.Method method = Request.Method.valueOf(request.method());
        SimpleResponse.Builder response = SimpleResponse.Builder.status(reply.status());
        reply.headers().forEach((name, values) -> {
            if (name != null && !name.startsWith(":")) {
                response.withHeader(name, values);
            }
        });
        if (!reply.body().isEmpty()) {
            response.withBody(reply.body());
        }
        ValidationReport answer = VALIDATOR.validateResponse(path, method, response.build());
        if (answer.getMessages().stream().anyMatch(m -> NO_OPERATION.contains(m.getKey()))) {
            boolean refused = reply.status() == 404 || reply.status() == 405 || reply.status() >= 500;
            if (!refused || !isError(path, reply.body())) {
                problems.add(
                        "no operation " + method + " " + path + " in the contract, yet answered " + reply.status());
            }
            return problems;
        }
        answer.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> problems.add("answer: " + m.getKey() + ": " + m.getMessage()));
        if (reply.status() >= 200 && reply.status() < 300) {
            VALIDATOR.validateRequest(request(request, method)).getMessages().stream()
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

        static String describe(List<String> mismatches) {
            return mismatches.size() + " contract mismatch(es):\n" + String.join("\n", mismatches);
        }
    }

    private static Request request(HttpRequest sent, Request.Method method) {
        SimpleRequest.Builder request =
                new SimpleRequest.Builder(method, sent.uri().getRawPath());
        sent.headers().map().forEach(request::withHeader);
        String query = sent.uri().getRawQuery();
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
        String body = bodyOf(sent);
        if (body != null) {
            request.withBody(body);
        }
        return request.build();
    }

    /** Postject's error shape, or on the Postmark and Resend paths that dialect's ({@code ErrorCode}, {@code statusCode}). */
    private static boolean isError(String path, String body) {
        try {
            JsonNode answer = JSON.readTree(body);
            JsonNode error = answer.path("error");
            if (error.path("code").isTextual() && error.path("message").isTextual()) {
                return true;
            }
            return path.startsWith("/emails")
                    ? answer.path("statusCode").isInt() && answer.path("name").isTextual()
                    : path.startsWith("/email")
                            && answer.path("ErrorCode").isInt()
                            && answer.path("Message").isTextual();
        } catch (IOException e) {
            return false;
        }
    }

    private static String decoded(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String abbreviated(String body) {
        return body.length() > 2_000 ? body.substring(0, 2_000) + "..." : body;
    }

    /** The bytes a request's publisher sends (the publishers of {@link HttpRequest.BodyPublishers} replay). */
    private static String bodyOf(HttpRequest request) {
        if (request.bodyPublisher().isEmpty() || request.bodyPublisher().get().contentLength() == 0) {
            return null;
        }
        CompletableFuture<String> body = new CompletableFuture<>();
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<>() {
            private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                body.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                body.complete(bytes.toString(StandardCharsets.UTF_8));
            }
        });
        try {
            return body.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new UncheckedIOException(new IOException("could not read the request body back", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
