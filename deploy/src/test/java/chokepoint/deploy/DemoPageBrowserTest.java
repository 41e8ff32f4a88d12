package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo as a newcomer meets it, in a real headless Chromium, with the shipped configuration: within two minutes of
 * the page opening, a firing breach of China's pressure on the EU shows its Art. 2(2) figures and the counter-leverage,
 * and the demo's Slack stand-in has printed it. Screenshots at desktop and phone widths go to target/.
 */
@Timeout(240)
class DemoPageBrowserTest extends SharedClusterTest {

    @Test
    void theDemoShowsAFiringChinaToEuBreachWithItsFiguresWithinTwoMinutes() throws Exception {
        ChokepointConfig shipped = new ConfigLoader(Map.of("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "CHOKEPOINT_DATA_DIR", dir.resolve("data").toString(), "CHOKEPOINT_HTTP_PORT", "0",
                "CHOKEPOINT_REPLICATION_FACTOR", "1")).load(Path.of("../chokepoint.yml"));
        ByteArrayOutputStream slackPrinted = new ByteArrayOutputStream();
        try (DemoRun demo = DemoRun.start(shipped, Duration.ofSeconds(1), false, new PrintStream(slackPrinted, true), System.err)) {
            WebDriver browser = LivePageBrowserTest.chromium(Files.createDirectories(dir.resolve("chromium-profile")));
            try {
                browser.get("http://127.0.0.1:" + demo.pipeline().httpPort() + "/");
                // The lists are redrawn as records arrive: an element read while it is replaced is looked up again.
                WebDriverWait twoMinutes = new WebDriverWait(browser, Duration.ofSeconds(120));
                twoMinutes.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
                WebElement breach = twoMinutes.until(d -> d.findElements(By.cssSelector("#breaches li.breach")).stream()
                        .filter(e -> "FIRING".equals(e.getAttribute("data-state")))
                        .filter(e -> e.findElement(By.tagName("h3")).getText().contains("against the EU")
                                && e.findElement(By.tagName("h3")).getText().endsWith("CN"))
                        .findFirst().orElse(null));
                String card = breach.getText() + " " + breach.getAttribute("textContent");
                assertTrue(card.contains("Intensity") || card.contains("intensity"), "Art. 2(2) figures: " + card);
                assertTrue(card.contains("Counter-leverage"), card);
                shoot(browser, new Dimension(1400, 1000), "demo-desktop.png");
                shoot(browser, new Dimension(390, 844), "demo-phone.png");

                // The register: what is in force against the EU, as the story left it.
                browser.manage().window().setSize(new Dimension(1400, 1000));
                browser.get("http://127.0.0.1:" + demo.pipeline().httpPort() + "/measures.html?target=EU");
                WebElement inForce = twoMinutes.until(d -> d.findElements(By.cssSelector("#in-force li.measure-card")).stream()
                        .filter(e -> String.valueOf(e.getAttribute("data-id")).startsWith("cn:mofcom:")).findFirst().orElse(null));
                assertTrue(inForce.getText().contains("CN →"), inForce.getText());
                Files.writeString(Files.createDirectories(Path.of("target")).resolve("demo-register.txt"),
                        browser.findElement(By.id("register-summary")).getText() + "\n"
                                + browser.findElement(By.id("in-force")).getText());
                shoot(browser, new Dimension(1400, 1000), "register-desktop.png");

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
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!slackPrinted.toString().contains("against the EU") && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertTrue(slackPrinted.toString().contains("against the EU"), "the Slack stand-in printed it: " + slackPrinted);
        }
    }

    private static void shoot(WebDriver browser, Dimension size, String name) throws Exception {
        browser.manage().window().setSize(size);
        Thread.sleep(500);
        Path shot = Path.of("target", name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
