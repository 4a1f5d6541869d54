package dev.postject.service.platform.http;

import dev.postject.service.platform.errors.ApiError;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over the configured size with 413: before reading when
 * {@code Content-Length} says so, and while reading when a chunked body grows too large.
 *
 * <p>A client that sends its whole body before reading the answer (most do) would see the
 * connection reset instead of the 413 if the server stopped reading and closed. So a body up to
 * {@value #DRAIN_FACTOR} times the limit (and at most 16 MiB past it) is read to its end and
 * discarded first; only larger ones are cut off at once.
 *
 * <p>A body within the limit that nothing read (a request refused before it, for its credentials,
 * scope or rate) is read to its end before the answer goes out: Jetty closes a connection whose
 * request body was left unread and had not all arrived, without telling the client, whose next
 * request on it then fails.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public final class BodyLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {
    static final int DRAIN_FACTOR = 4;

    /** Beyond the limit, at most this much is read and discarded before answering. */
    static final long MAX_DRAIN = 16L * 1024 * 1024;

    /** The request property that holds its body's stream (Jersey refuses the stream once closed). */
    private static final String BODY = BodyLimitFilter.class.getName() + ".body";

    private final long defaultMax;
    private final long emailMax;

    /**
     * {@code emailMax} applies to the send endpoints, whose bodies carry attachments: {@code
     * /v1/emails...} and the Postmark and Resend ones ({@code /email...}, {@code /emails...}).
     */
    public BodyLimitFilter(long defaultMax, long emailMax) {
        this.defaultMax = defaultMax;
        this.emailMax = emailMax;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean sends = path.startsWith("v1/emails")
                || path.equals("email")
                || path.startsWith("email/")
                || path.equals("emails")
                || path.startsWith("emails/");
        long maxBytes = sends ? emailMax : defaultMax;
        long declared = request.getLength();
        if (declared > maxBytes) {
            if (declared <= drainLimit(maxBytes)) {
                drain(request.getEntityStream(), declared);
            }
            request.abortWith(tooLarge(maxBytes));
            return;
        }
        Limited body = new Limited(request.getEntityStream(), maxBytes);
        request.setEntityStream(body);
        request.setProperty(BODY, body);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(BODY) instanceof Limited body
                && (request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null)) {
            body.readToTheEnd();
        }
    }

    private static long drainLimit(long maxBytes) {
        return Math.min(maxBytes * DRAIN_FACTOR, maxBytes + MAX_DRAIN);
    }

    /**
     * The 413 closes the connection: what is left of the body was never read, so the client must
     * not send its next request on it (without the header it does, and that request is lost).
     */
    private static Response tooLarge(long maxBytes) {
        return Response.fromResponse(
                        ApiError.response(413, "payload_too_large", "The request body exceeds " + maxBytes + " bytes."))
                .header("Connection", "close")
                .build();
    }

    private static void drain(InputStream in, long atMost) {
        byte[] buffer = new byte[16 * 1024];
        long left = atMost;
        try {
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException ignored) {
            // the client went away; the 413 goes nowhere either way
        }
    }

    private static final class Limited extends FilterInputStream {
        private final long maxBytes;
        private long read;
        private boolean closed;

        Limited(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        /**
         * What is left of the body, read and discarded; not one its reader closed, nor one over
         * the limit (answered already).
         */
        void readToTheEnd() {
            if (!closed && read <= maxBytes) {
                drain(in, maxBytes - read + 1);
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                drain(in, drainLimit(maxBytes) - read);
                throw new WebApplicationException(tooLarge(maxBytes));
            }
        }
    }
}
