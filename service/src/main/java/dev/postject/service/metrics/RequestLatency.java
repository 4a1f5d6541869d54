package dev.postject.service.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * How long the API takes to answer, per endpoint and status class: a histogram observed when
 * Jersey finishes each request. The endpoint is the method and the JAX-RS resource template that
 * matched ({@code /v1/emails/{id}}), never the raw path, so no id, token or address ever becomes a
 * label value; a request that matched no resource is {@code unmatched}.
 */
@Provider
public final class RequestLatency implements ApplicationEventListener {
    static final String UNMATCHED = "unmatched";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final Histogram latency;

    public RequestLatency(PrometheusRegistry registry) {
        latency = Histogram.builder()
                .name("postject_http_request_duration_seconds")
                .help("Time from the request reaching the API to its answer being written, per endpoint.")
                .labelNames("method", "endpoint", "status")
                .classicOnly()
                .register(registry);
    }

    @Override
    public void onEvent(ApplicationEvent event) {}

    @Override
    public RequestEventListener onRequest(RequestEvent start) {
        long startedAt = System.nanoTime();
        return event -> {
            if (event.getType() == RequestEvent.Type.FINISHED) {
                latency.labelValues(method(event), endpoint(event.getUriInfo()), statusClass(event))
                        .observe((System.nanoTime() - startedAt) / 1e9);
            }
        };
    }

    private static String method(RequestEvent event) {
        String method = event.getContainerRequest().getMethod();
        return METHODS.contains(method) ? method : "other";
    }

    /** The matched templates, outermost first, joined: {@code /v1/emails} + {@code /{id}}. */
    static String endpoint(ExtendedUriInfo uri) {
        List<UriTemplate> templates = uri == null ? List.of() : uri.getMatchedTemplates();
        if (templates.isEmpty() || uri.getMatchedResourceMethod() == null) {
            return UNMATCHED;
        }
        StringBuilder path = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            String part = templates.get(i).getTemplate();
            if (part.isEmpty() || part.equals("/")) {
                continue;
            }
            if (!part.startsWith("/")) {
                path.append('/');
            }
            path.append(part.endsWith("/") ? part.substring(0, part.length() - 1) : part);
        }
        return path.isEmpty() ? "/" : path.toString();
    }

    private static String statusClass(RequestEvent event) {
        ContainerResponse response = event.getContainerResponse();
        int status = response == null ? 500 : response.getStatus();
        return status / 100 + "xx";
    }
}
