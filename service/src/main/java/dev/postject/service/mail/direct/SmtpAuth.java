package dev.postject.service.mail.direct;

import dev.postject.service.mail.SmtpReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * SMTP AUTH (RFC 4954) with a username and password: PLAIN (RFC 4616) when the server offers it,
 * else LOGIN. The credentials go only to the server, base64-encoded as the mechanisms say; nothing
 * of them is kept or put in a reply's text.
 */
public final class SmtpAuth {
    private SmtpAuth() {}

    /**
     * Authenticates the session: the server's final reply (235 when it took the credentials), or
     * a reply of code 0 saying why nothing was tried. A network failure ends the session (code 0).
     */
    public static SmtpReply authenticate(MxSession session, String username, String password) {
        String mechanisms = " " + session.parameters("AUTH") + " ";
        try {
            if (mechanisms.contains(" PLAIN ")) {
                byte[] plain = ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
                return session.command("AUTH PLAIN " + base64(plain)).verdict();
            }
            if (mechanisms.contains(" LOGIN ")) {
                Reply asked = session.command("AUTH LOGIN");
                if (asked.code() == 334) {
                    asked = session.command(base64(username.getBytes(StandardCharsets.UTF_8)));
                }
                if (asked.code() == 334) {
                    asked = session.command(base64(password.getBytes(StandardCharsets.UTF_8)));
                }
                return asked.verdict();
            }
        } catch (IOException e) {
            session.failed(e);
            return new SmtpReply(0, "No SMTP answer to AUTH: " + e.getMessage());
        }
        return new SmtpReply(0, "The server offers neither AUTH PLAIN nor AUTH LOGIN");
    }

    private static String base64(byte[] bytes) {
        String encoded = Base64.getEncoder().encodeToString(bytes);
        Arrays.fill(bytes, (byte) 0);
        return encoded;
    }
}
