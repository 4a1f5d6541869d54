package dev.postject.service.app;

import dev.postject.service.PostjectApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Postject's {@code main} in a child JVM with exactly the {@code POSTJECT_...} environment
 * given, as {@code java -jar postject.jar ...} would: what a user's shell sets, the test sets.
 */
final class ChildJvm {
    private ChildJvm() {}

    record Result(int exitCode, String output) {}

    /** Runs the command and waits for it to end (at most a minute). Output is stdout and stderr. */
    static Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                PostjectApplication.class.getName()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("postject-child", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("POSTJECT_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("postject " + String.join(" ", args) + " did not end within a minute");
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}
