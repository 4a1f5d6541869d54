package dev.postject.service.app;

import static org.awaitility.Awaitility.await;

import dev.postject.service.mail.ScriptedSmtpServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what reached the test SMTP server. */
final class Mailbox {
    private static final Pattern FORM = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"");
    private static final Pattern HIDDEN =
            Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
    private static final Pattern LINK = Pattern.compile("https?://\\S+/v1/sandbox/confirm\\?token=([A-Za-z0-9]+)");

    private Mailbox() {}

    /**
     * The token of the newest confirmation link mailed to {@code address}, waiting for it to arrive
     * (up to 30 s: a service process just started, on a machine busy with the other test JVMs, once
     * took longer than 10 s to deliver one).
     */
    static String confirmationToken(ScriptedSmtpServer smtp, String address, int nth) {
        await().atMost(Duration.ofSeconds(30))
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
        Api.Reply added = api.post("/v1/account/sandbox-emails", credential, Api.json(Map.of("email", address)));
        if (added.status() != 201) {
            throw new AssertionError("adding " + address + ": " + added);
        }
        String token = confirmationToken(smtp, address, before + 1);
        Api.Reply confirmed = openAndConfirm(api, token);
        if (confirmed.status() != 200) {
            throw new AssertionError("confirming " + address + ": " + confirmed);
        }
    }

    /**
     * Follows a confirmation link as its owner does: opens the page, then presses its button (the
     * form post a browser would send). The page's own answer when it offers no button (an invalid,
     * used or expired link), else the answer to the post.
     */
    static Api.Reply openAndConfirm(Api api, String token) {
        String link = "/v1/sandbox/confirm?token=" + token;
        Api.Reply page = api.get(link, null);
        if (page.status() != 200) {
            return page;
        }
        Matcher form = FORM.matcher(page.body());
        if (!form.find()) {
            throw new AssertionError("No confirmation form in: " + page.body());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(page.body());
        while (hidden.find()) {
            fields.put(unescape(hidden.group(1)), unescape(hidden.group(2)));
        }
        String action = URI.create(link).resolve(unescape(form.group(1))).toString();
        return api.postForm(action, fields);
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
