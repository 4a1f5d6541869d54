package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.PostjectApplication;
import dev.postject.service.PostjectConfiguration;
import io.dropwizard.core.setup.Environment;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The app checks every exchange against the contract on its side ({@link ContractFilter}), whatever
 * client made it: here a plain {@code HttpClient}, not the tests' {@link Api}.
 */
class ContractFilterTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.running(Drifting::new);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> ping(boolean drift) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.port() + "/v1/ping"));
        if (drift) {
            request.header(Drifting.HEADER, "yes");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAnswerThatDriftsFromTheContract_isCaught_beforeTheClientHasIt() throws Exception {
        int before = Contract.Mismatches.count();

        HttpResponse<String> drifted = ping(true);

        assertThat(drifted.statusCode()).isEqualTo(200);
        assertThat(drifted.body()).isEqualTo("{\"status\":1}");
        List<String> caught = Contract.Mismatches.takeSince(before);
        assertThat(caught)
                .as("recorded by the time the answer arrived")
                .singleElement()
                .asString()
                .startsWith("GET /v1/ping -> 200 does not match the OpenAPI contract")
                .contains("answer:", "status");
    }

    @Test
    void anAnswerAsDocumented_goesThroughWhole_andNothingIsRecorded() throws Exception {
        int before = Contract.Mismatches.count();

        HttpResponse<String> ping = ping(false);

        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(Api.parse(ping.body()).path("status").asText()).isEqualTo("ok");
        assertThat(ping.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(Contract.Mismatches.count()).isEqualTo(before);
    }

    /** Postject, but {@code GET /v1/ping} answers a status of the wrong type when asked to. */
    static final class Drifting extends PostjectApplication {
        static final String HEADER = "X-Test-Drift";

        Drifting(Clock clock) {
            super(clock);
        }

        @Override
        public void run(PostjectConfiguration config, Environment environment) {
            super.run(config, environment);
            environment.jersey().register((ContainerResponseFilter) (request, response) -> {
                if (request.getHeaderString(HEADER) != null) {
                    response.setEntity(Map.of("status", 1));
                }
            });
        }
    }
}
