package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.app.Contract.Exchange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check itself: what it lets through and what it catches (no app needed). */
class ContractTest {
    private static final Map<String, List<String>> JSON = Map.of("content-type", List.of("application/json"));
    private static final String REFUSED =
            "{\"error\":{\"code\":\"unknown_field\",\"message\":\"Unknown field 'fromm'.\",\"field\":\"fromm\"}}";
    private static final String BAD_EMAIL = "{\"fromm\":\"a@example.net\",\"to\":\"b@example.net\",\"subject\":\"s\"}";

    /** A request ({@code body} null for none), to be answered by {@link Request#answered}. */
    private record Request(String method, String path, String body) {
        List<String> answered(int status, Map<String, List<String>> headers, String answer) {
            Map<String, List<String>> sent = body == null
                    ? Map.of()
                    : Map.of("Authorization", List.of("Bearer pt_live_x"), "Content-Type", List.of("application/json"));
            return Contract.problems(
                    new Exchange(method, path, null, sent, body == null ? "" : body, status, headers, answer));
        }
    }

    private static Request get(String path) {
        return new Request("GET", path, null);
    }

    private static Request post(String path, String body) {
        return new Request("POST", path, body);
    }

    @Test
    void anAnswerAsDocumented_passes() {
        assertThat(get("/v1/ping").answered(200, JSON, "{\"status\":\"ok\"}")).isEmpty();
    }

    @Test
    void aFieldOfTheWrongType_orOneTheContractDoesNotList_isCaught() {
        assertThat(get("/v1/ping").answered(200, JSON, "{\"status\":1}"))
                .isNotEmpty()
                .allMatch(problem -> problem.startsWith("answer:"));
        assertThat(get("/v1/ping").answered(200, JSON, "{\"status\":\"ok\",\"node\":\"a\"}"))
                .anyMatch(problem -> problem.contains("node"));
    }

    @Test
    void anInvalidRequest_refusedInTheErrorShape_passes_butAccepted_isCaught() {
        assertThat(post("/v1/emails", BAD_EMAIL).answered(422, JSON, REFUSED)).isEmpty();
        assertThat(post("/v1/emails", BAD_EMAIL)
                        .answered(
                                202,
                                JSON,
                                "{\"id\":\"msg_1\",\"status\":\"queued\",\"createdAt\":\"2026-12-01T00:00:00Z\"}"))
                .anyMatch(problem -> problem.startsWith("request:"));
    }

    @Test
    void anErrorOutsideTheErrorShape_orAnUndocumentedStatus_isCaught() {
        assertThat(post("/v1/emails", BAD_EMAIL).answered(422, JSON, "{\"message\":\"no\"}"))
                .isNotEmpty();
        assertThat(get("/v1/emails/msg_1").answered(200, JSON, "{\"id\":\"msg_1\"}"))
                .isNotEmpty();
    }

    @Test
    void anErrorCodeTheOperationDoesNotList_isCaught_evenInTheErrorShape() {
        String paused = "{\"error\":{\"code\":\"sending_paused\",\"message\":\"Sending is paused.\"}}";
        assertThat(post("/v1/emails", BAD_EMAIL).answered(403, JSON, paused)).isEmpty();
        assertThat(post("/v1/domains", BAD_EMAIL).answered(403, JSON, paused))
                .singleElement()
                .asString()
                .contains("error code `sending_paused` is not one the contract lists for POST /v1/domains 403");
        String notAllowed = paused.replace("sending_paused", "method_not_allowed");
        assertThat(get("/v1/ping").answered(405, JSON, notAllowed))
                .as("a status the operation does not list: the default answer's codes")
                .isEmpty();
        assertThat(get("/v1/ping").answered(405, JSON, paused))
                .singleElement()
                .asString()
                .contains("GET /v1/ping default");
    }

    @Test
    void aRateLimitRefusal_withoutTheRateLimitHeaders_isCaught() {
        String limited = "{\"error\":{\"code\":\"too_many_requests\",\"message\":\"Too many requests.\"}}";
        Map<String, List<String>> headers = Map.of(
                "content-type", List.of("application/json"),
                "Retry-After", List.of("17"),
                "RateLimit-Policy", List.of("\"account-requests\";q=600;w=60, \"credential-requests\";q=600;w=60"),
                "RateLimit", List.of("\"account-requests\";r=0;t=17, \"credential-requests\";r=12;t=17"));
        assertThat(get("/v1/domains").answered(429, headers, limited)).isEmpty();
        assertThat(get("/v1/domains").answered(429, JSON, limited))
                .anyMatch(problem -> problem.contains("RateLimit-Policy"))
                .anyMatch(problem -> problem.contains("Retry-After"));
    }

    @Test
    void aPathOutsideTheContract_mustBeA404InTheErrorShape() {
        String notFound = "{\"error\":{\"code\":\"not_found\",\"message\":\"Not Found.\"}}";
        assertThat(get("/v1/nothing-here").answered(404, JSON, notFound)).isEmpty();
        assertThat(get("/v1/nothing-here").answered(200, JSON, "{}")).isNotEmpty();
        assertThat(get("/v1/nothing-here").answered(404, Map.of(), "<html>Not Found</html>"))
                .isNotEmpty();
        assertThat(get("/dashboard/app.js").answered(200, Map.of(), "x"))
                .as("not API")
                .isEmpty();
    }
}
