package dev.postject.service.app;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract check on the server's side of every exchange: installed first in the servlet chain
 * of every app a test starts ({@link PostjectApp}), so whatever the client (the test's {@link Api},
 * a plain {@code HttpClient}, the Postmark and Resend SDKs in Node, the browser), each request to
 * the API and its answer are checked against the OpenAPI contract. The answer is held until it is
 * checked, so a mismatch is recorded ({@link Contract.Mismatches}) before the client sees the
 * answer and fails the test that made the request ({@link ContractExtension}).
 */
final class ContractFilter implements Filter {
    /** The request bytes kept for the check, at most: what the app reads beyond is not kept. */
    private static final int KEPT = 1 << 20;

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (!Contract.covers(request.getRequestURI())) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        Recorded recorded = new Recorded(request);
        Held held = new Held(response);
        chain.doFilter(recorded, held);
        Map<String, List<String>> answerHeaders = new LinkedHashMap<>();
        for (String name : response.getHeaderNames()) {
            answerHeaders.put(name, List.copyOf(response.getHeaders(name)));
        }
        Contract.record(new Contract.Exchange(
                request.getMethod(),
                request.getRequestURI(),
                request.getQueryString(),
                headers(request),
                recorded.body(),
                response.getStatus(),
                answerHeaders,
                held.body()));
        held.release();
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return headers;
    }

    /** The request, keeping a copy of the body bytes the app reads. */
    private static final class Recorded extends HttpServletRequestWrapper {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private ServletInputStream in;

        Recorded(HttpServletRequest request) {
            super(request);
        }

        String body() {
            return kept.toString(StandardCharsets.UTF_8);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                ServletInputStream source = super.getInputStream();
                in = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        int b = source.read();
                        if (b >= 0 && kept.size() < KEPT) {
                            kept.write(b);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = source.read(buffer, offset, length);
                        if (n > 0) {
                            kept.write(buffer, offset, Math.min(n, Math.max(0, KEPT - kept.size())));
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return source.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return source.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        source.setReadListener(listener);
                    }
                };
            }
            return in;
        }
    }

    /**
     * The response, its body held back until {@link #release}, unless the app flushes it before
     * the end (it commits the answer on purpose, as a failure after the answer started does): from
     * then on it goes through as written, and is still kept for the check.
     */
    private static final class Held extends HttpServletResponseWrapper {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private ServletOutputStream out;
        private PrintWriter writer;
        private boolean passing;

        Held(HttpServletResponse response) {
            super(response);
        }

        String body() {
            if (writer != null) {
                writer.flush();
            }
            return body.toString(StandardCharsets.UTF_8);
        }

        void release() throws IOException {
            body();
            if (!passing && body.size() > 0) {
                ServletOutputStream real = getResponse().getOutputStream();
                body.writeTo(real);
                real.flush();
            }
        }

        @Override
        public ServletOutputStream getOutputStream() {
            if (out == null) {
                out = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        body.write(b);
                        if (passing) {
                            getResponse().getOutputStream().write(b);
                        }
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        body.write(bytes, offset, length);
                        if (passing) {
                            getResponse().getOutputStream().write(bytes, offset, length);
                        }
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new UnsupportedOperationException("the contract check holds answers synchronously");
                    }
                };
            }
            return out;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                Charset charset = Charset.forName(getCharacterEncoding());
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!passing) {
                body();
                passing = true;
                body.writeTo(getResponse().getOutputStream());
            }
            super.flushBuffer();
        }

        @Override
        public boolean isCommitted() {
            return passing && super.isCommitted();
        }

        @Override
        public void resetBuffer() {
            body.reset();
            super.resetBuffer();
        }

        @Override
        public void reset() {
            body.reset();
            super.reset();
        }
    }
}
