package dev.postject.service.app;

import static org.awaitility.Awaitility.await;

import dev.postject.service.mail.ScriptedSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what reached the test SMTP server. */
final class Mailbox {
    private static final Pattern LINK = Pattern.compile("https?://\\S+/v1/sandbox/confirm\\?token=([A-Za-z0-9]+)");

    private Mailbox() {}

    /** The token of the newest confirmation link mailed to {@code address}, waiting for it to arrive. */
    static String confirmationToken(ScriptedSmtpServer smtp, String address, int nth) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> smtp.receivedFor(address).size() >= nth);
        List<ScriptedSmtpServer.Received> mails = smtp.receivedFor(address);
        String raw = new String(mails.get(nth - 1).data(), StandardCharsets.UTF_8).replace("=\r\n", "");
        Matcher link = LINK.matcher(raw);
        if (!link.find()) {
            throw new AssertionError("No confirmation link in: " + raw);
        }
        return link.group(1);
    }

    /** Confirms an address through the API and the link mailed to it; returns when it is confirmed. */
    static void confirm(Api api, ScriptedSmtpServer smtp, String credential, String address) {
        int before = smtp.receivedFor(address).size();
        Api.Reply added =
                api.post("/v1/account/sandbox-emails", credential, Api.json(java.util.Map.of("email", address)));
        if (added.status() != 201) {
            throw new AssertionError("adding " + address + ": " + added);
        }
        String token = confirmationToken(smtp, address, before + 1);
        Api.Reply page = api.get("/v1/sandbox/confirm?token=" + token, null);
        if (page.status() != 200) {
            throw new AssertionError("confirming " + address + ": " + page);
        }
    }
}
