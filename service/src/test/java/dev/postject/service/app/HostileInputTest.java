package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.app.Api.Reply;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whatever a client sends, the answer is a clear 4xx in the error format, and nothing is written. */
class HostileInputTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    private static final String EMAIL = "hostile@example.com";

    private static Api api() {
        return APP.api();
    }

    private static Reply signUpWith(String body) {
        return api().post("/v1/auth/signup", null, body);
    }

    private static void assertErrorFormat(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.errorCode()).as(reply.toString()).isEqualTo(code);
        assertThat(reply.json().get("error").get("message").asText()).isNotBlank();
        assertThat(reply.body())
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("jackson");
    }

    private static void assertNothingWritten() {
        Reply login = api().post(
                        "/v1/auth/login",
                        null,
                        Api.json(java.util.Map.of("email", EMAIL, "password", "a long enough password")));
        assertThat(login.status()).isEqualTo(401);
    }

    @Test
    void malformedJson_is400() {
        assertErrorFormat(signUpWith("{\"email\":\"" + EMAIL + "\", \"password\":"), 400, "malformed_json");
        assertErrorFormat(signUpWith("{not json at all"), 400, "malformed_json");
        assertNothingWritten();
    }

    @Test
    void aFieldGivenTwice_is400_namingIt() {
        Reply reply = signUpWith("{\"email\":\"" + EMAIL
                + "\",\"password\":\"a long enough password\",\"accountName\":\"X\",\"email\":\"other@example.com\"}");

        assertErrorFormat(reply, 400, "malformed_json");
        assertThat(reply.json().get("error").get("field").asText()).isEqualTo("email");
        assertThat(reply.json().get("error").get("message").asText()).contains("'email'", "more than once");
        assertNothingWritten();
    }

    @Test
    void unknownField_is422_namingIt() {
        Reply reply = signUpWith("{\"email\":\"" + EMAIL
                + "\",\"password\":\"a long enough password\",\"accountName\":\"X\",\"role\":\"admin\"}");

        assertErrorFormat(reply, 422, "unknown_field");
        assertThat(reply.json().get("error").get("field").asText()).isEqualTo("role");
        assertNothingWritten();
    }

    @Test
    void wrongTypes_are422_namingTheField() {
        Reply number = signUpWith("{\"email\":5,\"password\":\"a long enough password\",\"accountName\":\"X\"}");
        assertErrorFormat(number, 422, "invalid_type");
        assertThat(number.json().get("error").get("field").asText()).isEqualTo("email");

        Reply object = signUpWith("{\"email\":\"" + EMAIL + "\",\"password\":{\"a\":1},\"accountName\":\"X\"}");
        assertErrorFormat(object, 422, "invalid_type");
        assertThat(object.json().get("error").get("field").asText()).isEqualTo("password");

        assertErrorFormat(signUpWith("[1,2,3]"), 422, "invalid_body");
        assertErrorFormat(signUpWith("\"just a string\""), 422, "invalid_body");
        assertNothingWritten();
    }

    @Test
    void missingBodyOrFields_are422() {
        assertErrorFormat(signUpWith(""), 422, "invalid_body");
        Reply missing = signUpWith("{\"email\":\"" + EMAIL + "\"}");
        assertErrorFormat(missing, 422, "invalid_field");
        assertThat(List.of("password", "accountName"))
                .contains(missing.json().get("error").get("field").asText());
        assertNothingWritten();
    }

    @Test
    void hugeBody_is413_whetherItsLengthIsDeclaredOrNot() {
        String huge = "{\"email\":\"" + EMAIL + "\",\"password\":\"" + "p".repeat(2 * 1024 * 1024)
                + "\",\"accountName\":\"X\"}";
        Reply declared = signUpWith(huge);
        assertErrorFormat(declared, 413, "payload_too_large");
        assertThat(declared.header("Connection")).isEqualTo("close"); // its unread rest must not carry the next request

        byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
        Reply chunked = api().send(api().request("/v1/auth/signup", null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        assertErrorFormat(chunked, 413, "payload_too_large");
        assertNothingWritten();
    }

    @Test
    void wrongContentType_is415() {
        Reply reply = api().send(api().request("/v1/auth/signup", null)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("email=" + EMAIL)));

        assertErrorFormat(reply, 415, "unsupported_media_type");
        assertNothingWritten();
    }

    @Test
    void unknownPathOrMethod_answerInTheErrorFormat() {
        assertErrorFormat(api().get("/v1/nothing-here", null), 404, "not_found");
        assertErrorFormat(
                api().send(api().request("/v1/auth/signup", null).PUT(HttpRequest.BodyPublishers.ofString("{}"))),
                405,
                "method_not_allowed");
    }
}
