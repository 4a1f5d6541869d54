package dev.postject.service.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A plain HTTP client for one running Postject, speaking JSON. (The app checks every exchange
 * against the OpenAPI contract on its side: {@link ContractFilter}.)
 */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Reply(int status, Map<String, java.util.List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        public String errorCode() {
            return json().path("error").path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Reply get(String path, String bearer) {
        return send(request(path, bearer).GET());
    }

    public Reply post(String path, String bearer, String json) {
        return send(request(path, bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A form post, as a browser submits an HTML form: {@code application/x-www-form-urlencoded}. */
    public Reply postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path, null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply delete(String path, String bearer) {
        return send(request(path, bearer).DELETE());
    }

    /** Any request, for the cases a well-behaved client never sends. */
    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Signs up a new account and returns its dashboard session. */
    public Session signUp(String email) {
        Reply reply = post(
                "/v1/auth/signup",
                null,
                json(Map.of("email", email, "password", Session.PASSWORD, "accountName", "Account of " + email)));
        if (reply.status() != 201) {
            throw new AssertionError("sign-up failed: " + reply);
        }
        JsonNode body = reply.json();
        return new Session(
                email,
                body.get("accountId").asText(),
                body.get("userId").asText(),
                body.get("token").asText());
    }

    /** A fresh dashboard token for an account signed up with {@link #signUp}. */
    public String logIn(String email) {
        Reply reply = post("/v1/auth/login", null, json(Map.of("email", email, "password", Session.PASSWORD)));
        if (reply.status() != 200) {
            throw new AssertionError("login failed: " + reply);
        }
        return reply.json().get("token").asText();
    }

    public record Session(String email, String accountId, String userId, String token) {
        public static final String PASSWORD = "correct horse battery staple";
    }

    /** Creates a server token with a dashboard token and returns the create response. */
    public JsonNode createServerToken(String token, String body) {
        Reply reply = post("/v1/server-tokens", token, body);
        if (reply.status() != 201) {
            throw new AssertionError("server token creation failed: " + reply);
        }
        return reply.json();
    }

    /** Creates an API key with a dashboard token and returns the create response. */
    public JsonNode createKey(String token, String body) {
        Reply reply = post("/v1/auth/api-keys", token, body);
        if (reply.status() != 201) {
            throw new AssertionError("key creation failed: " + reply);
        }
        return reply.json();
    }
}
