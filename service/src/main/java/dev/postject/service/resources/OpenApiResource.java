package dev.postject.service.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API's OpenAPI 3.1 contract, without credentials. Its source is {@link #SOURCE} (YAML, so it
 * can carry comments and stay readable in review); it is read and turned into JSON once, at start.
 */
@Path("/v1/openapi.json")
@Produces(MediaType.APPLICATION_JSON)
public final class OpenApiResource {
    /** The contract's source, on the classpath. */
    public static final String SOURCE = "/openapi/openapi.yaml";

    private final byte[] document;

    public OpenApiResource() {
        this.document = json(read());
    }

    @GET
    public Response document() {
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "public, max-age=300")
                .build();
    }

    /** The contract as parsed from its source. */
    public static JsonNode read() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The OpenAPI document " + SOURCE + " is missing from the classpath");
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] json(JsonNode tree) {
        try {
            return new ObjectMapper().writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
