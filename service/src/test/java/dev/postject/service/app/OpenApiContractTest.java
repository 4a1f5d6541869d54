package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.resources.OpenApiResource;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract at {@code GET /v1/openapi.json} is its source, and it documents every endpoint the
 * resources serve (and none they do not): an endpoint added without documentation fails here.
 */
class OpenApiContractTest {
    @RegisterExtension
    static final PostjectApp APP = PostjectApp.onTestDatabase();

    /** What the resources serve that is deliberately not API: the dashboard's page and its files. */
    private static final Set<String> NOT_PUBLIC_API = Set.of("GET /", "GET /dashboard/{file}");

    private static final Set<String> VERBS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @Test
    void theServedDocument_isTheSource_asJson_withoutCredentials() {
        Reply reply = APP.api().get("/v1/openapi.json", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("Cache-Control")).isEqualTo("public, max-age=300");
        assertThat(reply.json()).isEqualTo(OpenApiResource.read());
        assertThat(reply.json().path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void everyResourceMethod_hasAnOperation_andEveryOperation_aResourceMethod() {
        Set<String> served = servedEndpoints();
        Set<String> documented = documentedOperations(OpenApiResource.read());

        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        undocumented.removeAll(NOT_PUBLIC_API);
        Set<String> phantom = new TreeSet<>(documented);
        phantom.removeAll(served);

        assertThat(undocumented)
                .as("endpoints missing from openapi/openapi.yaml")
                .isEmpty();
        assertThat(phantom)
                .as("operations in openapi/openapi.yaml that no resource serves")
                .isEmpty();
        assertThat(served).as("the allow-list names only endpoints that exist").containsAll(NOT_PUBLIC_API);
        assertThat(served).contains("POST /v1/emails", "GET /t/o/{token}", "GET /v1/openapi.json");
    }

    /** {@code METHOD /path} of every JAX-RS resource method under {@code dev.postject.service}. */
    private static Set<String> servedEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        for (JavaClass type : new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.postject.service")) {
            Class<?> resource = type.reflect();
            Path root = resource.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : resource.getDeclaredMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                endpoints.add(verb + " " + join(root.value(), sub == null ? "" : sub.value()));
            }
        }
        return endpoints;
    }

    private static String httpMethod(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Set<String> documentedOperations(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        document.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(verb -> {
                    if (VERBS.contains(verb)) {
                        operations.add(verb.toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        return operations;
    }
}
