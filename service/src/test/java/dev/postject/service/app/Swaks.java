package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sends a message with swaks, an independent SMTP client, and answers its transcript. */
final class Swaks {
    /** A reply line of the transcript: {@code <-} in plaintext, {@code <~} under TLS, {@code *} marking a refusal. */
    private static final Pattern REPLY = Pattern.compile("<[-~*]+ +([245]\\d\\d .*)");

    private Swaks() {}

    /**
     * Sends {@code message} to {@code recipient} on port {@code port} of 127.0.0.1, from {@code from}
     * ({@code ""}: the null sender), in plaintext unless {@code options} say otherwise (e.g.
     * {@code --tls}); the transcript shows every reply.
     */
    static String send(int port, String from, String recipient, byte[] message, String... options)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile("swaks", ".eml");
        try {
            Files.write(file, message);
            List<String> command = new ArrayList<>(List.of(
                    "swaks",
                    "-4",
                    "--server",
                    "127.0.0.1",
                    "--port",
                    String.valueOf(port),
                    "--helo",
                    "mta.example.net",
                    "--from",
                    from.isEmpty() ? "<>" : from,
                    "--to",
                    recipient,
                    "--data",
                    "@" + file,
                    "--timeout",
                    "30"));
            command.addAll(List.of(options));
            Process swaks = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String output = new String(swaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(swaks.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
            return output;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The server's last reply before QUIT: to DATA when the message went through (e.g. {@code 250 2.0.0
     * Ok: received as inb_...}), else the refusal that stopped the transaction.
     */
    static String lastReply(String transcript) {
        String[] lines = transcript.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            Matcher reply = REPLY.matcher(lines[i].strip());
            if (reply.matches() && !reply.group(1).startsWith("221 ")) {
                return reply.group(1);
            }
        }
        throw new AssertionError("no reply in: " + transcript);
    }
}
