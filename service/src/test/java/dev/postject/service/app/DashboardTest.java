package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postject.service.app.Api.Reply;
import dev.postject.service.domains.TestDns;
import dev.postject.service.mail.ScriptedSmtpServer;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (headless Chromium through Selenium), through the whole journey:
 * sign up, keys, server tokens, sandbox addresses confirmed from the mail, a send from the API in Activity, a
 * domain verified against a real DNS server, the production request, an admin's approval, the
 * mode changing; and the Overview page's charts and rates from real sends. A screenshot of each
 * page goes to {@code target/screenshots/}.
 */
class DashboardTest {
    @RegisterExtension
    @Order(1)
    static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

    @RegisterExtension
    @Order(1)
    static final TestDns DNS = new TestDns();

    @RegisterExtension
    @Order(2)
    static final PostjectApp APP = PostjectApp.relayingTo(
            SMTP::port,
            ConfigOverride.config("dns.servers", () -> "127.0.0.1:" + DNS.port()),
            ConfigOverride.config("http.publicUrl", "https://dash.postject.test"),
            ConfigOverride.config("sending.reputationMinimumSends", "4"));

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void openBrowser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("postject.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("postject.chromedriver", "/usr/bin/chromedriver"))
                        .toFile())
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + APP.port();
    }

    private static void go(String hash) {
        browser.get(base() + "/#/" + hash);
    }

    private static WebElement find(String css) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private static void text(String css, String expected) {
        until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), expected));
    }

    /** Waits for the condition; when it never comes, says what the page showed (and keeps a screenshot). */
    private static <T> T until(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
        try {
            return wait.until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                shoot("failure");
            } catch (IOException ignored) {
                // the message below still tells
            }
            throw new AssertionError(
                    "The page never showed " + condition + "; it says: "
                            + browser.findElement(By.tagName("body")).getText(),
                    e);
        }
    }

    private static void fill(String form, Map<String, String> values) {
        values.forEach((name, value) -> {
            WebElement input = find(form + " [name=" + name + "]");
            input.clear();
            input.sendKeys(value);
        });
        find(form + " button[type=submit]").click();
    }

    private static void shoot(String name) throws IOException {
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void logOut() {
        find("#logout").click();
        find("#login-form");
    }

    private static void logIn(String email, String password) {
        go("login");
        fill("#login-form", Map.of("email", email, "password", password));
        find("nav a");
    }

    /** Each test starts logged out, whatever the one before it left in the session. */
    @org.junit.jupiter.api.BeforeEach
    void loggedOut() {
        go("login");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    }

    @Test
    void theSuppressionsPage_saysWhyAnAddressIsSuppressed_andRemovesIt() throws Exception {
        BounceTests.Sender s = BounceTests.sender(APP.api(), SMTP, "dash-bounce.test");
        SMTP.scriptReplies(s.to(), "550 5.1.1 <" + s.to() + ">: User unknown");
        String id = BounceTests.send(APP.api(), s);
        BounceTests.awaitStatus(APP.api(), s, id, "bounced");

        logIn(s.owner(), Api.Session.PASSWORD);
        find("#overview-filter"); // the page a login lands on, rendered
        find("nav a[href='#/suppressions']").click();
        String row = "tr[data-suppressed='" + s.to() + "']";
        text(row + " .reason", "Hard bounce");
        text(row, "hard / mailbox_unknown");
        shoot("18-suppressions");
        find(row + " a[href='#/email?id=" + id + "']").click();
        text("tr[data-recipient='" + s.to() + "'] .bounce", "hard / mailbox_unknown (5.1.1): 550 5.1.1");
        find("tr[data-event='bounced']");
        find("nav a[href='#/suppressions']").click();
        find("button[aria-label='Send to " + s.to() + " again']").click();
        wait.until(d -> d.findElements(By.cssSelector(row)).isEmpty());
        assertThat(BounceTests.suppression(APP.api(), s, s.to())).isEmpty();
        logOut();
    }

    @Test
    void aSendingAccessKey_limitedToAVerifiedDomain_isCreatedFromTheKeysPage_andSendsOnlyFromIt() throws Exception {
        Api.Session owner = APP.api().signUp("dash-scopes@example.com");
        JsonNode domain = APP.api()
                .post("/v1/domains", owner.token(), "{\"name\":\"dash-scopes.test\"}")
                .json();
        domain.get("records")
                .forEach(r -> DNS.publish(r.get("name").asText(), r.get("value").asText()));
        APP.api().post("/v1/domains/" + domain.get("id").asText() + "/verify", owner.token(), "");

        logIn(owner.email(), Api.Session.PASSWORD);
        find("#main[data-page='overview']"); // where a login lands; rendered before moving on
        find("nav a[href='#/keys']").click();
        find("#main[data-page='keys']");
        WebElement domainSelect = find("#create-key [name=domainId]");
        assertThat(domainSelect.isEnabled())
                .as("only a sending key takes a domain")
                .isFalse();
        new Select(find("#create-key [name=permission]")).selectByValue("sending_access");
        new Select(domainSelect).selectByVisibleText("dash-scopes.test");
        fill("#create-key", Map.of("name", "storefront"));
        String key = find("#new-key-value").getText();
        text("#new-key", "Sending access: dash-scopes.test only");
        text("tr[data-key] .permission", "Sending access: dash-scopes.test only");
        shoot("02b-sending-access-key");

        String email =
                Api.json(Map.of("from", "shop@dash-scopes.test", "to", "x@example.org", "subject", "s", "text", "t"));
        assertThat(APP.api().post("/v1/emails", key, email).errorCode())
                .as("sends from its domain, under the sandbox rules")
                .isEqualTo("sandbox_recipient_not_allowed");
        assertThat(APP.api()
                        .post("/v1/emails", key, email.replace("shop@dash-scopes.test", "shop@elsewhere.test"))
                        .errorCode())
                .isEqualTo("sender_domain_not_allowed");
        assertThat(APP.api().get("/v1/domains", key).errorCode()).isEqualTo("insufficient_scope");
        JsonNode listed = APP.api()
                .get("/v1/auth/api-keys", owner.token())
                .json()
                .get("data")
                .get(0);
        assertThat(listed.get("permission").asText()).isEqualTo("sending_access");
        assertThat(listed.get("domain").asText()).isEqualTo("dash-scopes.test");
        logOut();
    }

    @Test
    void theLoginPage_showsNoModeBadge_forThereIsNoModeYet() {
        go("login");
        find("#login-form");

        assertThat(browser.findElement(By.id("mode")).isDisplayed()).isFalse();
    }

    @Test
    void anAdmin_pausesAndResumesAnAccountsSending_andItsOwnerSeesWhy() throws Exception {
        Api.Session owner = APP.api().signUp("paused-owner@dash.test");
        Cli.createAdmin("pausing-admin@dash.test", "admin password 12");
        String row = "#all-accounts tr[data-account='" + owner.accountId() + "']";

        logIn("pausing-admin@dash.test", "admin password 12");
        find("main[data-page=admin]");
        go("accounts");
        find("#no-risk"); // no reputation warning recorded for any account here
        find(row + " input[name=reason]").sendKeys("Bounce rate 12% over the last 400 sends");
        find(row + " button.danger").click(); // Pause
        text(row, "Paused");
        text(row, "Bounce rate 12% over the last 400 sends");
        text("#message", "sending paused");
        shoot("19-admin-paused-account");
        logOut();

        logIn(owner.email(), Api.Session.PASSWORD);
        text("#banner", "Sending is paused");
        text("#banner", "Bounce rate 12% over the last 400 sends");
        assertThat(APP.api()
                        .post(
                                "/v1/emails",
                                APP.api()
                                        .createKey(owner.token(), "{}")
                                        .get("key")
                                        .asText(),
                                Api.json(Map.of("from", "a@b.test", "to", "c@d.test", "subject", "x", "text", "x")))
                        .errorCode())
                .isEqualTo("sending_paused");
        shoot("20-owner-sees-paused-banner");
        logOut();

        logIn("pausing-admin@dash.test", "admin password 12");
        find("main[data-page=admin]");
        go("accounts");
        text(row, "Paused");
        find(row + " button.secondary").click(); // Resume
        text(row, "Sending");
        text("#message", "sends again");
        shoot("21-admin-resumed-account");
        logOut();

        logIn(owner.email(), Api.Session.PASSWORD);
        find("#overview-filter");
        assertThat(browser.findElement(By.id("banner")).isDisplayed()).isFalse();
        logOut();
    }

    @Test
    void theWholeJourney_fromSignUpToProduction() throws Exception {
        // sign up: the keys page, in sandbox mode
        browser.get(base() + "/");
        find("#login-form");
        shoot("01-login");
        find("a[href='#/signup']").click();
        fill(
                "#signup-form",
                Map.of("email", "ui@dash.test", "password", "dashboard password 1", "accountName", "Dash Co"));
        text("#mode", "Sandbox mode");
        find("#create-key");

        // Settings -> API keys: the key shown once; a second key revoked with a confirmation step
        fill("#create-key", Map.of("name", "ci"));
        String key = find("#new-key-value").getText();
        assertThat(key).startsWith("pt_live_");
        text("#new-key", "you will not see this key again");
        shoot("02-api-keys");
        fill("#create-key", Map.of("name", "temporary"));
        find("#new-key-value");
        find("button[aria-label='Revoke temporary']").click();
        find("button[data-confirm]").click();
        wait.until(d -> d.findElements(By.cssSelector("tr[data-key]")).size() == 1);
        text("tr[data-key]", "ci");
        text("#message", "Key temporary revoked.");

        // Settings -> Server tokens: shown once with the SMTP settings to copy; one revoked after a confirmation
        go("tokens");
        fill("#create-server-token", Map.of("name", "web servers", "allowedNetworks", "203.0.113.0/24"));
        String serverToken = find("#new-server-token-value").getText();
        assertThat(serverToken).startsWith("pt_srv_");
        text("#smtp-settings", Integer.toString(APP.submission().port()));
        text("#smtp-settings", serverToken);
        text("tr[data-server-token]", "203.0.113.0/24");
        shoot("02b-server-tokens");
        fill("#create-server-token", Map.of("name", "old relay"));
        find("#new-server-token-value");
        find("button[aria-label='Revoke old relay']").click();
        find("button[data-confirm]").click();
        wait.until(d -> d.findElements(By.cssSelector("tr[data-server-token]")).size() == 1);
        text("#message", "Server token old relay revoked.");
        assertThat(APP.api().get("/v1/emails", serverToken).status()).isEqualTo(200);

        // Account -> Sandbox Emails: add two addresses, confirm them from the mail they got
        go("sandbox");
        for (String address : List.of("from@dash.test", "to@dash.test")) {
            fill("#add-sandbox", Map.of("email", address));
            text("tr[data-email='" + address + "']", "pending");
        }
        for (String address : List.of("from@dash.test", "to@dash.test")) {
            String token = Mailbox.confirmationToken(SMTP, address, 1);
            browser.get(base() + "/v1/sandbox/confirm?token=" + token);
            text("main", address);
            find("button[type='submit']").click();
            text("h1", "Address confirmed");
            assertThat(browser.getPageSource()).contains(address);
        }
        go("sandbox");
        text("tr[data-email='to@dash.test']", "confirmed");
        text("tr[data-email='from@dash.test']", "confirmed");
        shoot("03-sandbox-emails");

        // send from the API; Activity shows it, and its timeline
        Reply sent = APP.api()
                .post(
                        "/v1/emails",
                        key,
                        Api.json(Map.of(
                                "from",
                                "from@dash.test",
                                "to",
                                "to@dash.test",
                                "subject",
                                "Hello from the API",
                                "text",
                                "x")));
        assertThat(sent.status()).isEqualTo(202);
        String emailId = sent.json().get("id").asText();
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(APP.api()
                                .get("/v1/emails/" + emailId, key)
                                .json()
                                .get("status")
                                .asText())
                        .isEqualTo("delivered"));
        go("activity");
        text("tr[data-email-id='" + emailId + "']", "delivered");
        shoot("04-activity");
        find("tr[data-email-id='" + emailId + "'] a").click();
        find("tr[data-event='delivered']");
        text("#email-status", "delivered");
        shoot("05-email-timeline");

        // Domains: add, publish the records, verify
        go("domains");
        fill("#add-domain", Map.of("name", "dash.test"));
        find("section[data-domain='dash.test'] table");
        for (WebElement row : browser.findElements(By.cssSelector("section[data-domain='dash.test'] tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            DNS.publish(cells.get(1).getText(), cells.get(2).getText());
        }
        find("section[data-domain='dash.test'] button[data-verify]").click();
        text("section[data-domain='dash.test'] [data-status]", "verified");
        text("section[data-domain='dash.test'] .checks", "ownership pass, DKIM pass");
        shoot("06-domains");

        // Account -> Production Access: the checklist, then the request
        go("production");
        text("#checklist", "Verify a sending domain");
        find("#checklist li:nth-child(1) .ok"); // a verified domain
        find("#checklist li:nth-child(2) .ok"); // a delivered sandbox email
        fill("#request-production", Map.of("useCase", "Receipts for our shop"));
        text("#request-status", "pending");
        shoot("07-production-access");

        // the other pages render from the same API
        go("webhooks");
        WebElement url = find("#add-webhook [name=url]");
        url.sendKeys("https://93.184.216.34/hooks/postject");
        find("#add-webhook button[type=submit]").click();
        text("#webhook-secret", "whsec_");
        find("button[data-edit]").click();
        find(".edit-webhook input[value='email.bounced']").click();
        find(".edit-webhook button[type=submit]").click();
        text(".webhook-events", "email.delivered, email.bounced");
        shoot("08-webhooks");
        go("audit");
        text("main", "ProductionAccessRequested");
        shoot("09-audit-log");

        // an operator approves
        logOut();
        Cli.createAdmin("admin@dash.test", "admin password 12");
        logIn("admin@dash.test", "admin password 12");
        text("#mode", "Admin");
        text("tr[data-account]", "Dash Co");
        shoot("10-admin-requests");
        find("tr[data-account] button").click(); // Approve
        find("#no-requests");
        go("accounts");
        text("main", "Dash Co");
        shoot("11-admin-accounts");
        until(ExpectedConditions.elementToBeClickable(By.linkText("Dash Co"))).click();
        text("main", "ProductionAccessApproved");
        logOut();

        // back as the user: production mode, shown on every page
        logIn("ui@dash.test", "dashboard password 1");
        text("#mode", "Production mode");
        go("production");
        text("#request-status", "approved");
        shoot("12-production-mode");

        // on a phone-width screen nothing overflows sideways
        browser.manage().window().setSize(new Dimension(390, 844));
        go("keys");
        find("#create-key");
        Long overflow = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow).isLessThanOrEqualTo(0L);
        shoot("13-phone-api-keys");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // an expired session returns to the login page with a message
        ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('postject.token', 'expired.token.value')");
        go("audit");
        find("#login-form");
        text("#message", "session has expired");
        shoot("14-session-expired");
    }

    /**
     * How many pixel rows of a chart's canvas hold (about) a series' colour: a line along zero holds a
     * few, a line that rises to a count many.
     */
    private static long rowsDrawn(String chart, String colour) {
        return (Long) ((JavascriptExecutor) browser)
                .executeScript(
                        "const canvas = document.querySelector(arguments[0] + ' canvas');"
                                + " const [r, g, b] = arguments[1].match(/\\w\\w/g).map((h) => parseInt(h, 16));"
                                + " const image = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);"
                                + " const rows = new Set();"
                                + " for (let i = 0; i < image.data.length; i += 4) {"
                                + "   const d = Math.abs(image.data[i] - r) + Math.abs(image.data[i + 1] - g)"
                                + "       + Math.abs(image.data[i + 2] - b);"
                                + "   if (d < 60 && image.data[i + 3] > 200) rows.add(Math.floor(i / 4 / canvas.width));"
                                + " }"
                                + " return rows.size;",
                        chart,
                        colour);
    }

    @Test
    void theOverview_chartsTheAccountsSending_andShowsItsRatesAgainstTheThresholds() throws Exception {
        Api.Session session = APP.api().signUp("overview@dash.test");
        String key = APP.api().createKey(session.token(), "{}").get("key").asText();
        for (String address :
                List.of("news@overview.test", "ann@overview.test", "bob@overview.test", "gone@overview.test")) {
            Mailbox.confirm(APP.api(), SMTP, key, address);
        }
        SMTP.script("gone@overview.test", 550);
        String html = "<html><body><a href=\"https://shop.example/\">Shop</a></body></html>";
        Reply tracked = APP.api()
                .post(
                        "/v1/emails",
                        key,
                        Api.json(Map.of(
                                "from",
                                "news@overview.test",
                                "to",
                                List.of("ann@overview.test", "bob@overview.test"),
                                "subject",
                                "News",
                                "text",
                                "x",
                                "html",
                                html,
                                "tag",
                                "news",
                                "trackOpens",
                                true)));
        assertThat(tracked.status()).as(tracked.toString()).isEqualTo(202);
        for (String to : List.of("ann@overview.test", "gone@overview.test")) {
            Reply sent = APP.api()
                    .post(
                            "/v1/emails",
                            key,
                            Api.json(Map.of("from", "news@overview.test", "to", to, "subject", "Hi", "text", "x")));
            assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        }
        String pixel = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> SMTP.receivedFor("bob@overview.test").stream()
                                .map(m -> new String(m.data(), java.nio.charset.StandardCharsets.UTF_8)
                                        .replace("=\r\n", "")
                                        .replace("=3D", "="))
                                .map(body -> java.util.regex.Pattern.compile(
                                                "https://dash\\.postject\\.test(/t/o/[A-Za-z0-9_.-]+)")
                                        .matcher(body))
                                .filter(java.util.regex.Matcher::find)
                                .map(m -> m.group(1))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(APP.api().get(pixel, null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            com.fasterxml.jackson.databind.JsonNode stats =
                    APP.api().get("/v1/stats", key).json();
            com.fasterxml.jackson.databind.JsonNode today = stats.get("buckets").get(6);
            assertThat(today.get("sent").asLong()).isEqualTo(4);
            assertThat(today.get("delivered").asLong()).isEqualTo(3);
            assertThat(today.get("bounced").get("hard").asLong()).isEqualTo(1);
            assertThat(today.get("opened").asLong()).isEqualTo(1);
        });

        // logging in opens the Overview: the series as charts, the rates against the thresholds
        logIn(session.email(), Api.Session.PASSWORD);
        find("main[data-page='overview'] #chart-sending canvas");
        text("nav a[aria-current='page']", "Overview");
        text("#rate-bounce [data-rate]", "25.0%");
        assertThat(find("#rate-bounce").getAttribute("data-state")).isEqualTo("at-risk");
        text("#rate-bounce", "At risk");
        text("#rate-complaint [data-rate]", "0.00%");
        assertThat(find("#rate-complaint").getAttribute("data-state")).isEqualTo("ok");
        text("#rate-complaint", "threshold 0.30%");
        text("#reputation-warning", "reputation is at risk");
        text("tr[data-total='sent']", "4");
        text("tr[data-total='bounced']", "1");
        text("tr[data-total='opened']", "1");
        assertThat(find("#chart-sending").getAttribute("data-buckets")).isEqualTo("7");
        assertThat(rowsDrawn("#chart-sending", "#0b5cad"))
                .as("the sent line rises")
                .isGreaterThan(20);
        assertThat(rowsDrawn("#chart-engagement", "#00838f"))
                .as("the opened line rises")
                .isGreaterThan(5);
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)"); // the header and nav too
        shoot("15-overview");

        // by hour, one tag
        find("#overview-filter select[name=interval] option[value=hour]").click();
        WebElement tag = find("#overview-filter [name=tag]");
        tag.sendKeys("news");
        find("#overview-filter button[type=submit]").click();
        text("main p.muted", "Tag news, by hour (UTC)");
        until(d -> "24".equals(d.findElement(By.cssSelector("#chart-sending")).getAttribute("data-buckets")));
        text("tr[data-total='sent']", "2");
        text("tr[data-total='bounced']", "0");
        // every send delivered: the delivered line, drawn over the sent one, rises to 2
        until(d -> rowsDrawn("#chart-sending", "#1b6e2d") > 20);
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        shoot("16-overview-hourly-tag");
        logOut();
    }
}
