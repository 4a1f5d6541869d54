package dev.postject.service.mail.server;

/** Ends an SMTP session after sending {@code lastLine} (nothing when null). */
final class SessionEnd extends Exception {
    final String lastLine;

    SessionEnd(String lastLine) {
        super(lastLine, null, false, false);
        this.lastLine = lastLine;
    }
}
