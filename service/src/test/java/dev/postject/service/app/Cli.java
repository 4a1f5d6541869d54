package dev.postject.service.app;

import dev.postject.service.PostjectApplication;
import java.nio.file.Path;

/** Runs a Postject CLI command in this JVM, as {@code java -jar postject.jar ...} would. */
final class Cli {
    private Cli() {}

    /** Runs the command; throws when it fails (where the jar would exit non-zero). */
    static void run(String... args) throws Exception {
        new PostjectApplication() {
            @Override
            protected void onFatalError(Throwable t) {
                throw new CommandFailed(t);
            }
        }.run(args);
    }

    static void createAdmin(String email, String password) throws Exception {
        run("create-admin", "--email", email, "--password", password, PostjectApp.CONFIG);
    }

    /** With no app running (whose settings would apply), pointed at the given data directory. */
    static void createAdmin(Path dataDir, String email, String password) throws Exception {
        System.setProperty("dw.dataDir", dataDir.toString());
        System.setProperty("dw.logging.level", "WARN");
        try {
            createAdmin(email, password);
        } finally {
            System.clearProperty("dw.dataDir");
            System.clearProperty("dw.logging.level");
        }
    }

    static final class CommandFailed extends RuntimeException {
        CommandFailed(Throwable cause) {
            super(cause);
        }
    }
}
