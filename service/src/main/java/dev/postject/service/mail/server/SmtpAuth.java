package dev.postject.service.mail.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The client's side of AUTH PLAIN (RFC 4616) and AUTH LOGIN, read into {@link Credentials}: the
 * initial response when given, otherwise {@code 334} challenges. {@code *} cancels. Nothing read
 * here is ever logged.
 */
final class SmtpAuth {
    static final String MECHANISMS = "PLAIN LOGIN";
    private static final String USERNAME_CHALLENGE = "VXNlcm5hbWU6"; // "Username:"
    private static final String PASSWORD_CHALLENGE = "UGFzc3dvcmQ6"; // "Password:"

    private final SmtpConnection conn;
    private final int timeoutMillis;

    SmtpAuth(SmtpConnection conn, int timeoutMillis) {
        this.conn = conn;
        this.timeoutMillis = timeoutMillis;
    }

    /** Reads the credentials for {@code AUTH <argument>}. */
    Credentials credentials(String argument) throws IOException, SmtpRefusal {
        String[] parts = argument.trim().split(" +");
        if (parts[0].isEmpty() || parts.length > 2) {
            throw SmtpRefusal.syntax("Syntax: AUTH mechanism [initial-response]");
        }
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        String initial = parts.length == 2 ? parts[1] : null;
        switch (mechanism) {
            case "PLAIN" -> {
                String response = initial != null ? initial : challenge("");
                String[] fields = decode(response).split("\0", -1);
                if (fields.length != 3) {
                    throw new SmtpRefusal(501, "5.5.2", "Invalid PLAIN response", true);
                }
                return new Credentials(mechanism, fields[0], fields[1], fields[2]);
            }
            case "LOGIN" -> {
                String username = decode(initial != null ? initial : challenge(USERNAME_CHALLENGE));
                String password = decode(challenge(PASSWORD_CHALLENGE));
                return new Credentials(mechanism, "", username, password);
            }
            default -> throw new SmtpRefusal(504, "5.5.4", "Unrecognized authentication type", true);
        }
    }

    private String challenge(String text) throws IOException, SmtpRefusal {
        conn.write("334 " + text);
        conn.flush();
        byte[] line;
        try {
            line = conn.readLine(timeoutMillis);
        } catch (SmtpConnection.LineTooLong e) {
            throw new SmtpRefusal(500, "5.5.2", "Line too long", true);
        }
        if (line == null) {
            throw new EOFException("connection closed during AUTH");
        }
        String response = new String(line, StandardCharsets.US_ASCII).trim();
        if (response.equals("*")) {
            throw new SmtpRefusal(501, "5.7.0", "Authentication cancelled", true);
        }
        return response;
    }

    private static String decode(String base64) throws SmtpRefusal {
        if (base64.equals("=")) {
            return "";
        }
        try {
            return CommandLine.utf8(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new SmtpRefusal(501, "5.5.2", "Cannot decode response", true);
        }
    }
}
