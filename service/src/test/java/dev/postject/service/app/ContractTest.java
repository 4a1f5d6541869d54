package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.app.Api.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check itself: what it lets through and what it catches (no app needed). */
class ContractTest {
    private static final Map<String, List<String>> JSON = Map.of("content-type", List.of("application/json"));
    private static final String REFUSED =
            "{\"error\":{\"code\":\"unknown_field\",\"message\":\"Unknown field 'fromm'.\",\"field\":\"fromm\"}}";
    private static final String BAD_EMAIL = "{\"fromm\":\"a@example.net\",\"to\":\"b@example.net\",\"subject\":\"s\"}";

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:1" + path))
                .GET()
                .build();
    }

    private static HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:1" + path))
                .header("Authorization", "Bearer pt_live_x")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    @Test
    void anAnswerAsDocumented_passes() {
        assertThat(Contract.problems(get("/v1/ping"), new Reply(200, JSON, "{\"status\":\"ok\"}")))
                .isEmpty();
    }

    @Test
    void aFieldOfTheWrongType_orOneTheContractDoesNotList_isCaught() {
        assertThat(Contract.problems(get("/v1/ping"), new Reply(200, JSON, "{\"status\":1}")))
                .isNotEmpty()
                .allMatch(problem -> problem.startsWith("answer:"));
        assertThat(Contract.problems(get("/v1/ping"), new Reply(200, JSON, "{\"status\":\"ok\",\"node\":\"a\"}")))
                .anyMatch(problem -> problem.contains("node"));
    }

    @Test
    void anInvalidRequest_refusedInTheErrorShape_passes_butAccepted_isCaught() {
        assertThat(Contract.problems(post("/v1/emails", BAD_EMAIL), new Reply(422, JSON, REFUSED)))
                .isEmpty();
        assertThat(Contract.problems(
                        post("/v1/emails", BAD_EMAIL),
                        new Reply(
                                202,
                                JSON,
                                "{\"id\":\"msg_1\",\"status\":\"queued\",\"createdAt\":\"2026-12-01T00:00:00Z\"}")))
                .anyMatch(problem -> problem.startsWith("request:"));
    }

    @Test
    void anErrorOutsideTheErrorShape_orAnUndocumentedStatus_isCaught() {
        assertThat(Contract.problems(post("/v1/emails", BAD_EMAIL), new Reply(422, JSON, "{\"message\":\"no\"}")))
                .isNotEmpty();
        assertThat(Contract.problems(get("/v1/emails/msg_1"), new Reply(200, JSON, "{\"id\":\"msg_1\"}")))
                .isNotEmpty();
    }

    @Test
    void aPathOutsideTheContract_mustBeA404InTheErrorShape() {
        String notFound = "{\"error\":{\"code\":\"not_found\",\"message\":\"Not Found.\"}}";
        assertThat(Contract.problems(get("/v1/nothing-here"), new Reply(404, JSON, notFound)))
                .isEmpty();
        assertThat(Contract.problems(get("/v1/nothing-here"), new Reply(200, JSON, "{}")))
                .isNotEmpty();
        assertThat(Contract.problems(get("/v1/nothing-here"), new Reply(404, Map.of(), "<html>Not Found</html>")))
                .isNotEmpty();
        assertThat(Contract.problems(get("/dashboard/app.js"), new Reply(200, Map.of(), "x")))
                .as("not API")
                .isEmpty();
    }
}
