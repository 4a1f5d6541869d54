package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.postject.service.PostjectApplication;
import dev.postject.service.PostjectConfiguration;
import dev.postject.service.app.Api.Reply;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A failure that escapes every exception mapper (here: servlets that throw, under {@code /t/}
 * like the tracking links) is answered in the error format with an error id, and no log line
 * names the token in its path.
 */
class EscapedFailureTest {
    private static final String TOKEN = "TrackingT0kenThatMustNeverBeLogged";

    @RegisterExtension
    static final PostjectApp APP = PostjectApp.running(WithFailingRoutes::new);

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureTheLog() {
        logged.start();
        root().addAppender(logged);
    }

    @AfterEach
    void stopCapturing() {
        root().detachAppender(logged);
    }

    @Test
    void aFailureBeforeTheAnswer_isAJson500WithAnErrorId_andTheLogHidesTheToken() {
        Reply reply = APP.api().get("/t/fail/" + TOKEN, null);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.errorCode()).isEqualTo("internal_error");
        String id = reply.json().path("error").path("message").asText().replaceAll(".*error id ([0-9a-f]+).*", "$1");
        assertThat(reply.body()).doesNotContain("IllegalStateException", TOKEN);

        assertThat(lines()).anyMatch(line -> line.contains("/t/fail/REDACTED") && line.contains(id));
        assertThat(lines()).noneMatch(line -> line.contains(TOKEN));
    }

    @Test
    void aFailureAfterTheAnswerStarted_isLoggedOnce_withoutTheToken() {
        try {
            APP.api().get("/t/fail-late/" + TOKEN, null);
        } catch (AssertionError connectionCutShort) {
            // the answer was committed, then the connection is aborted
        }

        assertThat(lines()).anyMatch(line -> line.contains("/t/fail-late/REDACTED"));
        assertThat(lines()).noneMatch(line -> line.contains(TOKEN));
    }

    /** Each log event as one text: its message and every message of its exception chain. */
    private List<String> lines() {
        return logged.list.stream()
                .map(event -> {
                    StringBuilder text = new StringBuilder(event.getFormattedMessage());
                    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                        text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                    }
                    return text.toString();
                })
                .toList();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    static final class WithFailingRoutes extends PostjectApplication {
        WithFailingRoutes(Clock clock) {
            super(clock);
        }

        @Override
        public void run(PostjectConfiguration config, Environment environment) {
            super.run(config, environment);
            environment.servlets().addServlet("fails", new Failing(false)).addMapping("/t/fail/*");
            environment.servlets().addServlet("fails-late", new Failing(true)).addMapping("/t/fail-late/*");
        }
    }

    private static final class Failing extends HttpServlet {
        private final boolean afterCommitting;

        Failing(boolean afterCommitting) {
            this.afterCommitting = afterCommitting;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (afterCommitting) {
                response.setContentType("text/plain");
                response.getOutputStream().write("partial".getBytes());
                response.flushBuffer();
            }
            throw new IllegalStateException("a failure past every exception mapper");
        }
    }
}
