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
                WebDriverWait twoMinutes = new WebDriverWait(browser, Duration.ofSeconds(120));
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
