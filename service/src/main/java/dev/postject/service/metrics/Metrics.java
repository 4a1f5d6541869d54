package dev.postject.service.metrics;

import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;

/**
 * This node's Prometheus metrics: a registry of its own (not the client's global default, so that
 * several services in one JVM, as in the tests, each count their own), the JVM's memory, GC and
 * thread metrics, and the servlet that serves them in the text exposition format.
 */
public final class Metrics {
    /** Where the admin port serves them. */
    public static final String PATH = "/metrics";

    private final PrometheusRegistry registry = new PrometheusRegistry();

    public Metrics() {
        JvmMetrics.builder().register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public HttpServlet servlet() {
        return new PrometheusMetricsServlet(registry);
    }
}
