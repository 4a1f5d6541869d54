package dev.postject.service.app;

import dev.postject.service.app.Api.Session;
import dev.postject.service.mail.ScriptedSmtpServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Accounts that send through the Postmark and Resend dialects, for the tests of those endpoints. */
final class DialectSenders {
    private static final AtomicInteger N = new AtomicInteger();

    private DialectSenders() {}

    /** A sandbox account with a server token, an API key and confirmed addresses: [0] sends. */
    record Sender(String serverToken, String key, List<String> addresses) {
        String from() {
            return addresses.get(0);
        }
    }

    static Sender sender(PostjectApp app, ScriptedSmtpServer smtp, int confirmed) {
        int n = N.incrementAndGet();
        Session session = app.api().signUp("dialect" + n + "-" + System.nanoTime() + "@example.com");
        String key = app.api().createKey(session.token(), "{}").get("key").asText();
        String token =
                app.api().createServerToken(session.token(), "{}").get("token").asText();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < confirmed; i++) {
            String address = "box" + i + "-" + n + "-" + System.nanoTime() + "@example.net";
            Mailbox.confirm(app.api(), smtp, key, address);
            addresses.add(address);
        }
        return new Sender(token, key, addresses);
    }

    /** {@code email} with {@code field} set to {@code value}. */
    static Map<String, Object> with(Map<String, Object> email, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(email);
        changed.put(field, value);
        return changed;
    }
}
