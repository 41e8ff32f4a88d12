package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo as a newcomer meets it, in a real headless Chromium, with the shipped configuration: within two minutes of
 * the page opening, a firing breach of China's pressure on the EU shows its Art. 2(2) figures and the counter-leverage,
 * includes the rare-earth controls as "applies to all destinations" with the EU's exposure in figures, lists its
 * notices each with an English gist, and links its own page and its dossier; every Slack message gives each Chinese
 * title in English. Screenshots at desktop and phone widths go to target/ (the page, the breach's card, a Slack
 * message as {@link SlackPreview} shows it).
 */
@Tag("integration")
@Timeout(240)
class DemoPageBrowserTest extends SharedClusterTest {

    @Test
    void theDemoShowsAFiringChinaToEuBreachWithItsFiguresWithinTwoMinutes() throws Exception {
        ChokepointConfig shipped = new ConfigLoader(Map.of("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "CHOKEPOINT_DATA_DIR", dir.resolve("data").toString(), "CHOKEPOINT_HTTP_PORT", "0",
                "CHOKEPOINT_REPLICATION_FACTOR", "1")).load(Path.of("../chokepoint.yml"));
        // Updates within seconds rather than five minutes: the China→EU breach grows as the story's notices arrive.
        shipped = shipped.withDelivery(shipped.delivery().withGroupInterval(Duration.ofSeconds(5)));
        ByteArrayOutputStream slackPrinted = new ByteArrayOutputStream();
        try (DemoRun demo = DemoRun.start(shipped, Duration.ofSeconds(1), false, new PrintStream(slackPrinted, true), System.err)) {
            WebDriver browser = LivePageBrowserTest.chromium(Files.createDirectories(dir.resolve("chromium-profile")));
            try {
                browser.get("http://127.0.0.1:" + demo.pipeline().httpPort() + "/");
                // The lists are redrawn as records arrive: an element read while it is replaced is looked up again.
                WebDriverWait twoMinutes = new WebDriverWait(browser, Duration.ofSeconds(120));
                twoMinutes.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
                // The story's rare-earth controls (No. 56-58, 61, 62) name no destination: they count in the China→EU
                // breach as "applies to all destinations", with the EU's exposure in figures.
                twoMinutes.withMessage(() -> "the breaches shown: " + browser.findElements(By.cssSelector("#breaches li.breach")).stream()
                        .map(e -> e.getAttribute("data-state") + " " + e.findElement(By.tagName("h3")).getText() + " / "
                                + e.findElements(By.cssSelector(".criteria li")).stream().map(c -> c.getAttribute("textContent")).toList())
                        .toList());
                // Read whole inside the wait: a card replaced while it is read (a newer figure arrived) is read again.
                ShownBreach breach = twoMinutes.until(d -> d.findElements(By.cssSelector("#breaches li.breach")).stream()
                        .filter(e -> "FIRING".equals(e.getAttribute("data-state")))
                        .filter(e -> e.findElement(By.tagName("h3")).getText().contains("against the EU")
                                && e.findElement(By.tagName("h3")).getText().endsWith("CN"))
                        .filter(e -> String.valueOf(e.getAttribute("textContent")).contains("applies to all destinations (5 measure(s)"))
                        .findFirst().map(ShownBreach::read).orElse(null));
                String card = breach.card();
                assertTrue(card.contains("Intensity") || card.contains("intensity"), "Art. 2(2) figures: " + card);
                assertTrue(card.contains("Counter-leverage"), card);
                assertTrue(card.contains("EU exposure to CN: heavy rare earth elements 100% (Commission CRM study, 2023)"), card);
                assertTrue(breach.marksEveryone(), "a rare-earth control is marked as applying to all destinations: " + card);
                assertTrue(breach.dossier().contains("/api/dossiers?breach=pressure-on-europe~CN~"), breach.dossier());
                assertTrue(breach.opens().contains("/breach.html?id="), breach.opens());
                twoMinutes.until(d -> {
                    everyChineseNoticeHasAnEnglishGist(d.findElements(By.cssSelector("#breaches .notice")));
                    everyChineseNoticeHasAnEnglishGist(d.findElements(By.cssSelector("#feed li.indicator")));
                    return true;
                });
                shoot(browser, new Dimension(1400, 1000), "demo-desktop.png");
                shoot(browser, new Dimension(390, 844), "demo-phone.png");
                assertTrue(browser.findElement(By.id("breaches-section")).getLocation().getY() < 400,
                        "on a phone the breaches come first");
                String breachId = breach.id();

                // The breach itself, as a message's link opens it: every notice with its source and English gist.
                browser.manage().window().setSize(new Dimension(1400, 1000));
                browser.get("http://127.0.0.1:" + demo.pipeline().httpPort() + "/breach.html?id=" + breachId);
                WebElement own = twoMinutes.until(d -> d.findElements(By.cssSelector("#breach article.breach")).stream().findFirst().orElse(null));
                List<WebElement> notices = own.findElements(By.cssSelector(".notice"));
                assertTrue(notices.size() >= 7, "the listings, the countermeasures and the five rare-earth controls: " + own.getText());
                everyChineseNoticeHasAnEnglishGist(notices);
                assertTrue(own.getText().contains("MOFCOM announcement 2025 No. 61: export controls on rare earths, applying to all destinations"),
                        own.getText());
                assertTrue(own.getText().contains("source: demo-mofcom"), own.getText());
                shootElement(browser, own, new Dimension(1400, 2400), "breach-card-desktop.png");
                shoot(browser, new Dimension(390, 844), "breach-card-phone.png");

                // A Slack message about it, in English beside the Chinese, as the demo's Slack stand-in received it.
                await().atMost(Duration.ofSeconds(90)).until(() -> demo.slackMessages().stream()
                        .anyMatch(m -> m.contains("against the EU") && m.contains("EU exposure to CN")));
                for (String message : demo.slackMessages()) {
                    everyChineseTitleInAMessageHasAnEnglishGist(message);
                }
                List<String> aboutEurope = demo.slackMessages().stream()
                        .filter(m -> m.contains("against the EU") && m.contains("In English") && m.contains("EU exposure to CN")).toList();
                String slack = aboutEurope.stream().filter(m -> m.contains("\"text\":\":rotating_light: FIRING: Repeated measures")
                        || m.contains("\"text\":\":arrow_up: UPDATE: Repeated measures")).reduce((first, second) -> second)
                        .orElse(aboutEurope.get(aboutEurope.size() - 1));
                assertFalse(slack.contains(breachId + " "), "no raw id in the message");
                assertTrue(slack.contains("/breach.html?id=" + breachId), slack);
                Path preview = Files.writeString(Path.of("target", "slack-message.html").toAbsolutePath(), SlackPreview.html(slack));
                browser.get(preview.toUri().toString());
                shoot(browser, new Dimension(1000, 1200), "slack-message-desktop.png");
                browser.manage().window().setSize(new Dimension(390, 844));
                // On a phone, the part about China and the EU first.
                ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                        browser.findElement(By.xpath("(//h1[contains(., 'against the EU')] | //div[@class='section'][contains(., 'against the EU')])[1]")));
                shootViewport(browser, "slack-message-phone.png");

                // The register: what is in force against the EU, as the story left it.
                browser.manage().window().setSize(new Dimension(1400, 1000));
                browser.get("http://127.0.0.1:" + demo.pipeline().httpPort() + "/measures.html?target=EU");
                // Adopted: the story's notices say no day they apply from, so none is presumed in force.
                WebElement inForce = twoMinutes.until(d -> d.findElements(By.cssSelector("#pending li.measure-card")).stream()
                        .filter(e -> String.valueOf(e.getAttribute("data-id")).startsWith("cn:mofcom:")).findFirst().orElse(null));
                assertTrue(inForce.getText().contains("CN →"), inForce.getText());

                Files.writeString(Files.createDirectories(Path.of("target")).resolve("demo-register.txt"),
                        browser.findElement(By.id("register-summary")).getText() + "\n"
                                + browser.findElement(By.id("pending")).getText());
                shoot(browser, new Dimension(1400, 1000), "register-desktop.png");

                // The EU's duties on Chinese electric cars are registered like MOFCOM's acts.
                browser.get("http://127.0.0.1:" + demo.pipeline().httpPort() + "/api/measures?actor=EU");
                assertTrue(browser.getPageSource().contains("celex:32024R1866") && browser.getPageSource().contains("celex:32024R2754"),
                        "the EU's acts are in the register");

                // The dossier of China's pressure on the EU, as printed.
                browser.get("http://127.0.0.1:" + demo.pipeline().httpPort() + "/api/dossiers?actor=CN&target=EU&format=html");
                WebElement figures = twoMinutes.until(d -> d.findElements(By.cssSelector("[data-fact^='criterion:']")).stream()
                        .findFirst().orElse(null));
                assertTrue(figures.getText().contains("intensity"), figures.getText());
                assertFalse(browser.findElements(By.cssSelector("[data-fact^='measure:cn:']")).isEmpty(), "China's acts against the EU");
                assertEquals("solid", browser.findElement(By.tagName("h2")).getCssValue("border-bottom-style"),
                        "the page's own style applies under the server's policy");
                shoot(browser, new Dimension(1200, 1400), "dossier-desktop.png");
            } finally {
                browser.quit();
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertTrue(slackPrinted.toString().contains("against the EU"), "the Slack stand-in printed it: " + slackPrinted));
        }
    }

    /** A notice whose title is Chinese shows its English gist beside it. */
    /** What a breach card showed, read in one go (the page redraws its lists as records arrive). */
    private record ShownBreach(String id, String card, boolean marksEveryone, String dossier, String opens) {
        static ShownBreach read(WebElement e) {
            return new ShownBreach(e.getAttribute("data-breach"), e.getText() + " " + e.getAttribute("textContent"),
                    !e.findElements(By.cssSelector(".notice .everyone")).isEmpty(),
                    e.findElement(By.cssSelector("a.dossier-link")).getAttribute("href"),
                    e.findElement(By.linkText("open this breach")).getAttribute("href"));
        }
    }

    private static void everyChineseNoticeHasAnEnglishGist(List<WebElement> notices) {
        for (WebElement notice : notices) {
            String title = notice.findElement(By.cssSelector(".notice-title, a.title")).getText();
            if (title.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                List<WebElement> gist = notice.findElements(By.cssSelector(".gist"));
                assertTrue(!gist.isEmpty() && !gist.get(0).getText().isBlank(), "an English gist beside " + title);
            }
        }
    }

    /** In a Slack message, every Chinese title linked is followed by its "In English" line. */
    private static void everyChineseTitleInAMessageHasAnEnglishGist(String message) throws Exception {
        for (com.fasterxml.jackson.databind.JsonNode block : chokepoint.records.Json.MAPPER.readTree(message).path("blocks")) {
            String text = block.path("text").path("text").asText();
            java.util.regex.Matcher titles = java.util.regex.Pattern.compile("\\|([^>]*\\p{IsHan}[^>]*)>").matcher(text);
            while (titles.find()) {
                String after = text.substring(titles.end());
                assertTrue(after.contains("_In English:_"), "an English gist after " + titles.group(1) + " in " + text);
            }
        }
    }

    private static void shootViewport(WebDriver browser, String name) throws Exception {
        Path shot = Path.of("target", name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static void shootElement(WebDriver browser, WebElement element, Dimension size, String name) throws Exception {
        browser.manage().window().setSize(size);
        Path shot = Path.of("target", name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, element.getScreenshotAs(OutputType.BYTES));
    }

    private static void shoot(WebDriver browser, Dimension size, String name) throws Exception {
        browser.manage().window().setSize(size);
        // Painted at the new size: two animation frames after the resize, the layout and paint of the first are done.
        ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
        Path shot = Path.of("target", name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
