package dev.postject.service.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postject.service.mail.returnpath.ReturnPaths;
import dev.postject.service.platform.db.Transactions;
import io.dropwizard.jackson.Jackson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener's SMTP face over a raw socket, with its database down: what a reporting server
 * sees. (Reports recorded on a real database: {@code InboundReportsTest}, {@code PostfixBounceTest}.)
 */
class InboundListenerTest {
    static final String DOMAIN = "bounces.postject.test";
    static final ReturnPaths RETURN_PATHS = new ReturnPaths(new byte[32], DOMAIN);

    /** A database that is down: every connection attempt fails. */
    static final DataSource DOWN = (DataSource) Proxy.newProxyInstance(
            InboundListenerTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                throw new SQLException("connection refused: the database is down");
            });

    private InboundListener listener;

    @BeforeEach
    void start() throws Exception {
        ObjectMapper json = Jackson.newObjectMapper();
        InboundSettings settings = json.convertValue(Map.of("bind", "127.0.0.1", "port", 0), InboundSettings.class);
        listener = new InboundListener(
                settings,
                DOMAIN,
                RETURN_PATHS,
                Jdbi.create(DOWN),
                new Transactions(DOWN),
                DefaultCommandGateway.builder()
                        .commandBus(SimpleCommandBus.builder().build())
                        .build(),
                null);
        listener.start();
    }

    @AfterEach
    void stop() {
        listener.stop();
    }

    @Test
    void aReportWhileTheDatabaseIsDown_isAnsweredWithATemporaryFailure_soTheSenderTriesAgain() throws Exception {
        String returnPath = RETURN_PATHS.address("msg_0123456789abcdefghijABCD", "ann@example.com");
        String dsn = "From: MAILER-DAEMON@mx.example.net\r\nTo: " + returnPath + "\r\nSubject: Undelivered\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nFailed.\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; ann@example.com\r\n"
                + "Action: failed\r\nStatus: 5.1.1\r\n\r\n--b--\r\n";

        List<String> replies =
                conversation(dsn, "EHLO mx.example.net", "MAIL FROM:<>", "RCPT TO:<" + returnPath + ">", "DATA");
        assertThat(replies.get(0)).doesNotContain("AUTH").doesNotContain("STARTTLS");
        assertThat(replies.get(1)).startsWith("250");
        assertThat(replies.get(2)).startsWith("250");
        assertThat(replies.get(3)).startsWith("354");
        assertThat(replies.get(4)).startsWith("451 4.3.0");
    }

    @Test
    void onlyTheBounceDomainIsAccepted_withoutTouchingTheDatabase() throws Exception {
        List<String> replies = conversation(
                null,
                "EHLO mx.example.net",
                "MAIL FROM:<>",
                "RCPT TO:<someone@example.com>",
                "RCPT TO:<fbl@" + DOMAIN.toUpperCase(java.util.Locale.ROOT) + ">",
                "RCPT TO:<Postmaster>");

        assertThat(replies.get(2)).startsWith("550 5.7.1");
        assertThat(replies.get(3)).startsWith("250");
        assertThat(replies.get(4)).startsWith("250");
    }

    /**
     * Sends each command and reads its reply (the whole of a multi-line one); when {@code message}
     * is given, sends it after the last command ({@code DATA}) and reads the reply to it too.
     */
    private List<String> conversation(String message, String... commands) throws Exception {
        List<String> replies = new ArrayList<>();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.port())) {
            socket.setSoTimeout(10_000);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            reply(in); // the greeting
            for (String command : commands) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                replies.add(reply(in));
            }
            if (message != null) {
                out.write(message.getBytes(StandardCharsets.US_ASCII));
                out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                replies.add(reply(in));
            }
        }
        return replies;
    }

    private static String reply(BufferedReader in) throws Exception {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                break;
            }
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return reply.toString();
    }
}
