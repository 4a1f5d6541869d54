package dev.postject.service.mail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's swaks as an independent client (Perl, OpenSSL): pipelining, STARTTLS and implicit TLS with
 * the generated certificate verified, AUTH. {@code bin/test} installs swaks.
 */
class SwaksClientTest {
    private final RecordingHandler handler = new RecordingHandler().user("app", "pt_srv_token");
    private SmtpServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private String swaks(String... arguments) throws Exception {
        Path ca =
                Files.writeString(dir.resolve("ca.pem"), TestServers.identity().certificatePem());
        List<String> command = new ArrayList<>(List.of(
                "swaks",
                "-4",
                "--server",
                "localhost",
                "--port",
                String.valueOf(server.port()),
                "--from",
                "app@example.com",
                "--to",
                "friend@example.org",
                "--header",
                "Subject: from swaks",
                "--body",
                "Hello from swaks.\n.a dot line\n",
                "--tls-verify",
                "--tls-ca-path",
                ca.toString(),
                "--timeout",
                "10"));
        command.addAll(List.of(arguments));
        Process swaks = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(swaks.getInputStream().readAllBytes());
        assertThat(swaks.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(swaks.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void swaksSendsOverStarttlsWithPipeliningAndAuthPlain() throws Exception {
        server = TestServers.start(TestServers.settings().authentication(true), TestServers.serverTls(), handler);
        handler.requireAuthentication = true;
        String output = swaks(
                "--tls", "--pipeline", "--auth", "PLAIN", "--auth-user", "app", "--auth-password", "pt_srv_token");

        assertThat(output).contains("<~  250 2.0.0 Ok: queued as msg_1");
        assertThat(handler.messages).hasSize(1);
        assertThat(handler.messages.get(0).text()).contains("Subject: from swaks", "\r\n.a dot line\r\n");
        assertThat(handler.senders.get(0).principal()).hasValue("user:app");
    }

    @Test
    void swaksSendsOverImplicitTlsWithAuthLogin() throws Exception {
        server = TestServers.start(
                TestServers.settings().authentication(true).mode(SmtpServerSettings.Mode.IMPLICIT_TLS),
                TestServers.serverTls(),
                handler);
        handler.requireAuthentication = true;
        swaks("--tls-on-connect", "--auth", "LOGIN", "--auth-user", "app", "--auth-password", "pt_srv_token");

        assertThat(handler.messages).hasSize(1);
        assertThat(handler.calls).contains("connected tls", "authenticate LOGIN app");
    }

    @Test
    void swaksInPlaintextIsToldToStartTlsBeforeAuth() throws Exception {
        server = TestServers.start(TestServers.settings().authentication(true), TestServers.serverTls(), handler);
        Process swaks = new ProcessBuilder(
                        "swaks",
                        "-4",
                        "--server",
                        "localhost",
                        "--port",
                        String.valueOf(server.port()),
                        "--from",
                        "app@example.com",
                        "--to",
                        "friend@example.org",
                        "--auth",
                        "PLAIN",
                        "--auth-user",
                        "app",
                        "--auth-password",
                        "pt_srv_token",
                        "--timeout",
                        "10")
                .redirectErrorStream(true)
                .start();
        String output = new String(swaks.getInputStream().readAllBytes());
        assertThat(swaks.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(swaks.exitValue()).isNotZero();
        assertThat(output).contains("Host did not advertise authentication");
        assertThat(handler.messages).isEmpty();
    }
}
