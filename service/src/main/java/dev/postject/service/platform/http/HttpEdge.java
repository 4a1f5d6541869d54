package dev.postject.service.platform.http;

import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * What Postject changes in the Jetty server Dropwizard builds, before it accepts a connection,
 * on every connector (API and admin):
 *
 * <ul>
 *   <li>the per-connection header cache compares values case-sensitively: by default a header
 *       that equals a cached one ignoring case (an {@code Authorization} with the key upper-cased)
 *       is taken to be the cached one, value included;
 *   <li>Jetty's own error answers are JSON ({@link JsonErrorHandler});
 *   <li>the request log, whatever is configured under {@code server.requestLog}, sees requests only
 *       through {@link RedactingRequestLog}.
 * </ul>
 *
 * {@link #install} registers it, with the application's {@link SecurityHeaders} and
 * {@link EscapedFailureFilter}.
 */
public final class HttpEdge implements LifeCycle.Listener {
    private HttpEdge() {}

    public static void install(Environment environment) {
        environment.lifecycle().addEventListener(new HttpEdge());
        environment.jersey().register(new SecurityHeaders());
        environment
                .servlets()
                .addFilter("escaped-failures", new EscapedFailureFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    @Override
    public void lifeCycleStarting(LifeCycle event) {
        if (event instanceof Server server) {
            harden(server);
        }
    }

    static void harden(Server server) {
        for (Connector connector : server.getConnectors()) {
            // contained, not direct: Dropwizard wraps each factory in a metrics-counting one
            for (HttpConfiguration.ConnectionFactory http :
                    connector.getContainedBeans(HttpConfiguration.ConnectionFactory.class)) {
                http.getHttpConfiguration().setHeaderCacheCaseSensitive(true);
            }
        }
        server.setErrorHandler(new JsonErrorHandler());
        RequestLog log = server.getRequestLog();
        if (log != null && !(log instanceof RedactingRequestLog)) {
            server.setRequestLog(new RedactingRequestLog(log));
        }
    }
}
