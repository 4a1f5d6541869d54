package dev.postject.service.platform.http;

import java.util.Objects;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * Wraps the server's request log, whatever it is (Dropwizard's logback-access log with any
 * appenders and layouts, the classic or external one): each request and response reaches it with
 * the URI and headers already passed through {@link Redaction}, so no appender or format can
 * print a credential or a single-use token.
 */
public final class RedactingRequestLog extends ContainerLifeCycle implements RequestLog {
    private final RequestLog delegate;

    public RedactingRequestLog(RequestLog delegate) {
        this.delegate = Objects.requireNonNull(delegate);
        addBean(delegate);
    }

    @Override
    public void log(Request request, Response response) {
        delegate.log(new RedactedRequest(request), new RedactedResponse(request, response));
    }

    /** The URI as it may be logged: the same object when there is nothing to remove. */
    static HttpURI redact(HttpURI uri) {
        if (uri == null) {
            return null;
        }
        String path = Redaction.path(uri.getPath(), canonicalPath(uri));
        String query = Redaction.query(uri.getQuery());
        if (Objects.equals(path, uri.getPath()) && Objects.equals(query, uri.getQuery())) {
            return uri;
        }
        return HttpURI.build(uri).path(path).query(query).asImmutable();
    }

    /** Headers as they may be logged: the same object when there is nothing to remove. */
    static HttpFields redact(HttpFields fields) {
        boolean changed = false;
        for (HttpField field : fields) {
            if (!Objects.equals(field.getValue(), Redaction.header(field.getName(), field.getValue()))) {
                changed = true;
                break;
            }
        }
        if (!changed) {
            return fields;
        }
        HttpFields.Mutable redacted = HttpFields.build(fields.size());
        for (HttpField field : fields) {
            redacted.add(field.getName(), Redaction.header(field.getName(), field.getValue()));
        }
        return redacted;
    }

    private static String canonicalPath(HttpURI uri) {
        try {
            return uri.getCanonicalPath();
        } catch (RuntimeException e) {
            return null; // a path Jetty cannot decode: judged on its raw form
        }
    }

    private static final class RedactedRequest extends Request.Wrapper {
        RedactedRequest(Request request) {
            super(request);
        }

        @Override
        public HttpURI getHttpURI() {
            return redact(super.getHttpURI());
        }

        @Override
        public HttpFields getHeaders() {
            return redact(super.getHeaders());
        }
    }

    private static final class RedactedResponse extends Response.Wrapper {
        RedactedResponse(Request request, Response response) {
            super(request, response);
        }

        @Override
        public HttpFields.Mutable getHeaders() {
            HttpFields.Mutable headers = super.getHeaders();
            HttpFields redacted = redact(headers);
            return redacted == headers ? headers : HttpFields.build(redacted);
        }
    }
}
