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
import java.net.URI;
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
import java.util.stream.Collectors;

/**
 * The OpenAPI contract ({@code openapi/openapi.yaml}) as a test oracle: every request an app test
 * makes through {@link Api} and its answer are checked against it, and a mismatch fails the test.
 *
 * <p>The answer is always checked, whatever its status: an error must have the documented status and
 * the error shape. The request is checked only when it succeeded (2xx): tests send invalid requests
 * on purpose (malformed JSON, unknown fields, wrong types) to see them refused, and what is checked
 * then is the refusal. A path the contract does not have must be answered 404 (or 405 for a method)
 * in the error shape. Paths outside the API ({@code /}, {@code /dashboard/...}, the admin port's)
 * are not part of the contract.
 */
final class Contract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForInlineApiSpecification(
                            OpenApiResource.read().toString())
                    .build();
    /** What makes a request stray from the contract's paths rather than from an operation's rules. */
    private static final Set<String> NO_OPERATION =
            Set.of("validation.request.path.missing", "validation.request.operation.notAllowed");

    /** Every mismatch seen in this JVM, in order, for {@link ContractExtension} to fail tests by. */
    private static final List<String> MISMATCHES = new ArrayList<>();

    private Contract() {}

    /** Checks one exchange; a mismatch is recorded and thrown, so the test that made it fails. */
    static void check(HttpRequest request, Reply reply) {
        URI uri = request.uri();
        String path = uri.getRawPath();
        if (!path.startsWith("/v1/") && !path.startsWith("/t/")) {
            return;
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
        List<String> problems = new ArrayList<>();
        if (answer.getMessages().stream().anyMatch(m -> NO_OPERATION.contains(m.getKey()))) {
            if ((reply.status() != 404 && reply.status() != 405) || !isError(reply.body())) {
                problems.add(
                        "no operation " + method + " " + path + " in the contract, yet answered " + reply.status());
            }
        } else {
            answer.getMessages().stream()
                    .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .forEach(m -> problems.add("answer: " + m.getKey() + ": " + m.getMessage()));
            if (reply.status() >= 200 && reply.status() < 300) {
                VALIDATOR.validateRequest(request(request, method)).getMessages().stream()
                        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                        .forEach(m -> problems.add("request: " + m.getKey() + ": " + m.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            String mismatch = method + " " + uri.getRawPath() + " -> " + reply.status()
                    + " does not match the OpenAPI contract:\n  " + String.join("\n  ", problems)
                    + "\n  answer body: " + abbreviated(reply.body());
            synchronized (MISMATCHES) {
                MISMATCHES.add(mismatch);
            }
            throw new AssertionError(mismatch);
        }
    }

    /** How many mismatches this JVM has seen so far. */
    static int mismatches() {
        synchronized (MISMATCHES) {
            return MISMATCHES.size();
        }
    }

    /** The mismatches seen since the {@code from}th. */
    static List<String> mismatchesSince(int from) {
        synchronized (MISMATCHES) {
            return List.copyOf(MISMATCHES.subList(from, MISMATCHES.size()));
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
                request.withQueryParam(decoded(name), decoded(value));
            }
        }
        String body = bodyOf(sent);
        if (body != null) {
            request.withBody(body);
        }
        return request.build();
    }

    private static boolean isError(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.path("code").isTextual() && error.path("message").isTextual();
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

    /** The mismatches as one message. */
    static String describe(List<String> mismatches) {
        return mismatches.stream()
                .collect(Collectors.joining("\n", mismatches.size() + " contract mismatch(es):\n", ""));
    }
}
