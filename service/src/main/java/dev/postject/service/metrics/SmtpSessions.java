package dev.postject.service.metrics;

import dev.postject.service.mail.server.SmtpServer;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * This node's SMTP sessions per listener ({@code submission}: its STARTTLS and implicit-TLS ports
 * together; {@code inbound}: bounces and complaints), read from the servers' own counts at scrape
 * time: open now, admitted since start, and connections refused ({@code 421} over the connection
 * limits). A listener that is turned off shows no series.
 */
public final class SmtpSessions {
    private SmtpSessions() {}

    /** @param listeners each listener's name and its servers */
    public static void register(PrometheusRegistry registry, Map<String, List<SmtpServer>> listeners) {
        GaugeWithCallback.builder()
                .name("postject_smtp_sessions_open")
                .help("SMTP sessions open now.")
                .labelNames("listener")
                .callback(callback -> each(listeners, SmtpServer::sessions, callback::call))
                .register(registry);
        CounterWithCallback.builder()
                .name("postject_smtp_sessions")
                .help("SMTP sessions admitted since the node started.")
                .labelNames("listener")
                .callback(callback -> each(listeners, SmtpServer::sessionsAdmitted, callback::call))
                .register(registry);
        CounterWithCallback.builder()
                .name("postject_smtp_connections_refused")
                .help("SMTP connections refused since the node started (over the connection limits).")
                .labelNames("listener")
                .callback(callback -> each(listeners, SmtpServer::connectionsRefused, callback::call))
                .register(registry);
    }

    private interface Sink {
        void call(double value, String... labels);
    }

    private static void each(Map<String, List<SmtpServer>> listeners, ToDoubleFunction<SmtpServer> count, Sink sink) {
        listeners.forEach(
                (name, servers) -> sink.call(servers.stream().mapToDouble(count).sum(), name));
    }
}
