package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import java.util.Map;
import java.time.Instant;
import chokepoint.records.Stage;
import chokepoint.records.Measure;
import chokepoint.topics.Topics;
import chokepoint.records.Indicator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import chokepoint.config.ChokepointConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live page in a real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs): an
 * indicator produced during the test appears live, a filter hides and shows it, hostile titles stay text and
 * nothing they carry executes, the Atom feed follows the same filter. A screenshot is saved in target/.
 */
@Tag("integration")
@Timeout(180)
class LivePageBrowserTest extends SharedClusterTest {

    /**
     * Ingest strips markup from titles, so markup reaches the page only as text that looks like markup: written
     * escaped in the feed, it survives as literal characters, which the page must show and never run.
     */
    static final String HOSTILE = "China imposes export controls &lt;img src=x onerror=\"window.pwned=1\"&gt;"
            + "&lt;/script&gt;&lt;script&gt;window.pwned=2&lt;/script&gt;";

    static WebDriver chromium(Path profile) {
        File binary = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        assertTrue(binary.canExecute() && driver.canExecute(),
                "browser tests need Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver).build(), options);
    }

    @Test
    void liveIndicatorFilterHostileTitleAndAtomFeed() throws Exception {
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver()) {
            feed.serve(List.of());
            ChokepointConfig config = TestConfigs.pipeline(dir, cluster.bootstrapServers(), 0, feed, slack);
            try (Pipeline pipeline = Pipeline.start(config)) {
                String page = "http://127.0.0.1:" + pipeline.httpPort() + "/";
                HttpResponse<String> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(head.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));

                WebDriver browser = chromium(Files.createDirectories(dir.resolve("chromium-profile")));
                try {
                    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                    browser.get(page);
                    wait.until(d -> d.findElement(By.id("connection")).getText().equals("live"));

                    // Published while the page is open: it must arrive over the live stream.
                    feed.serve(List.of(new LocalFeedServer.Entry("hostile-1", HOSTILE,
                            "javascript:window.pwned=3", "The ministry announced export licensing for gallium.",
                            "Fri, 20 Nov 2026 14:00:00 GMT")));
                    WebElement card = wait.until(d -> d.findElements(By.cssSelector("#feed li .title")).stream()
                            .filter(e -> e.getText().contains("China imposes export controls")).findFirst().orElse(null));
                    assertTrue(card.getText().contains("<img src=x onerror="), "the markup is shown as text: " + card.getText());
                    assertNull(card.getAttribute("href"), "a javascript: link is not a link");
                    JavascriptExecutor js = (JavascriptExecutor) browser;
                    assertNull(js.executeScript("return window.pwned === undefined ? null : window.pwned;"), "nothing executed");
                    assertEquals(0L, js.executeScript("return document.querySelectorAll('#feed img, #feed script').length;"));
                    assertEquals(0L, js.executeScript("return document.querySelectorAll('#feed a[href^=\"javascript\"]').length;"),
                            "no javascript: link anywhere in the card");

                    // CR/LF in a field cannot forge a second server-sent event: the card shows one title, no forged card.
                    String forgery = "Tariff notice\r\n\r\nevent: indicator\r\ndata: {\"id\":\"forged\",\"title\":\"FORGED\"}\r\n\r\nend";
                    try (KafkaProducer<String, Indicator> producer =
                                 new KafkaProducer<>(Map.of(
                                         "bootstrap.servers", cluster.bootstrapServers()),
                                         Topics.INDICATORS.keySerde().serializer(),
                                         Topics.INDICATORS.valueSerde().serializer())) {
                        producer.send(new ProducerRecord<>(Topics.INDICATORS.name(),
                                "crlf-1", new Indicator("crlf-1", "crlf-item", "test-notices", "rss",
                                "https://example.org/crlf", forgery, Measure.TARIFF, Stage.IMPOSED,
                                "US", List.of("EU"), List.of(), List.of(), List.of(), List.of(), 5, List.of(), List.of(), "test",
                                List.of(), Instant.parse("2026-11-20T16:00:00Z"), Instant.now()))).get();
                    }
                    WebElement crlf = wait.until(d -> d.findElements(By.cssSelector("#feed li .title")).stream()
                            .filter(e -> e.getText().startsWith("Tariff notice")).findFirst().orElse(null));
                    assertTrue(crlf.getText().contains("FORGED"), "the whole field is one title: " + crlf.getText());
                    assertEquals(0L, js.executeScript("return document.querySelectorAll('#feed li[data-id=\"forged\"]').length;"));

                    // The charts follow: a bar for the week, a cell for China's row.
                    wait.until(d -> ((JavascriptExecutor) d).executeScript(
                            "return document.querySelectorAll('#chart-weeks rect').length;").equals(12L));
                    wait.until(d -> d.findElements(By.cssSelector("#matrix tbody th")).stream().anyMatch(e -> e.getText().equals("CN")));
                    wait.until(d -> d.findElements(By.cssSelector("#sector-bars li")).stream().anyMatch(e -> e.getText().contains("gallium")));

                    WebElement actor = browser.findElement(By.id("filter-actor"));
                    actor.sendKeys("JP");
                    wait.until(d -> d.findElements(By.cssSelector("#feed li")).isEmpty());
                    actor.clear();
                    actor.sendKeys("CN");
                    wait.until(d -> d.findElements(By.cssSelector("#feed li")).size() == 1);

                    String atom = browser.findElement(By.id("atom-link")).getAttribute("href");
                    assertTrue(atom.contains("actor=CN"), atom);
                    String xml = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(atom)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    assertTrue(xml.contains("<feed") && xml.contains("urn:chokepoint:indicator:"), xml);
                    assertTrue(xml.contains("rel=\"self\"") && xml.contains("indicators.atom?") && xml.contains("<author>"),
                            "a self link with the filters, and authors: " + xml);

                    // Subscriptions: the token opens the panel; one is created, listed with its channel, paused.
                    browser.findElement(By.id("token")).sendKeys(TestConfigs.ADMIN_TOKEN);
                    browser.findElement(By.cssSelector("#token-form button")).click();
                    wait.until(d -> d.findElement(By.id("subscriptions-message")).getText().equals("No subscriptions yet."));
                    browser.findElement(By.cssSelector("#subscription-new summary")).click();
                    WebElement subscribe = browser.findElement(By.id("subscription-form"));
                    subscribe.findElement(By.name("name")).sendKeys("Gallium watch <b>");
                    subscribe.findElement(By.name("actors")).sendKeys("CN");
                    subscribe.findElement(By.name("target")).sendKeys(slack.url());
                    subscribe.findElement(By.cssSelector("button[type=submit]")).click();
                    // The list is drawn again when the subscription comes back from Kafka: find the entry anew each time.
                    String listedText = wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                            .until(d -> d.findElements(By.cssSelector("#subscriptions li")).stream().map(WebElement::getText)
                                    .filter(text -> text.contains("Gallium watch <b>")).findFirst().orElse(null));
                    assertTrue(listedText.contains("by CN") && listedText.contains("slack 127.0.0.1: active"), listedText);
                    assertFalse(listedText.contains("secret-token"), "the webhook URL is not shown");
                    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                        WebElement entry = d.findElements(By.cssSelector("#subscriptions li")).stream()
                                .filter(e -> e.getText().contains("Gallium watch <b>")).findFirst().orElse(null);
                        WebElement pause = entry == null ? null : entry.findElements(By.tagName("button")).stream()
                                .filter(b -> b.getText().equals("pause")).findFirst().orElse(null);
                        if (pause == null) {
                            return false;
                        }
                        pause.click();
                        return true;
                    });
                    wait.until(d -> d.findElements(By.cssSelector("#subscriptions li[data-paused=true]")).size() == 1);

                    // A replay of November through today's rules runs to completion and finds the breach that fired.
                    js.executeScript("const f = document.getElementById('replay-form');"
                            + "f.elements.from.value = '2026-11-01'; f.elements.to.value = '2026-12-01';");
                    browser.findElement(By.cssSelector("#replay-form button[type=submit]")).click();
                    WebDriverWait slow = new WebDriverWait(browser, Duration.ofSeconds(120));
                    slow.until(d -> d.findElement(By.id("replay-status")).getText().contains("items replayed"));
                    String summary = browser.findElement(By.id("replay-status")).getText();
                    assertTrue(summary.contains("1 breach(es) in both, 0 only in the replay, 0 only live"), summary);
                    assertTrue(browser.findElements(By.cssSelector("#replay-breaches tbody tr")).size() == 1);

                    // Time travel: the feed restarts from a past moment and plays forward to the same indicator.
                    js.executeScript("document.getElementById('play-from').value = '2026-11-01T00:00';");
                    browser.findElement(By.cssSelector("#time-travel button[type=submit]")).click();
                    wait.until(d -> d.findElement(By.id("connection")).getText().startsWith("playing from 2026-11-01"));
                    wait.until(d -> d.findElements(By.cssSelector("#feed li .title")).stream()
                            .anyMatch(e -> e.getText().contains("China imposes export controls")));
                    browser.findElement(By.id("play-live")).click();
                    wait.until(d -> d.findElement(By.id("connection")).getText().equals("live"));

                    js.executeScript("document.getElementById('subscription-new').open = false; window.scrollTo(0, 0);");
                    Path shot = Path.of("target", "live-page.png");
                    Files.createDirectories(shot.getParent());
                    Files.write(shot, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
                } finally {
                    browser.quit();
                }
            }
        }
    }
}
