package chokepoint.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rule's window, baseline and grace are at most ten years, in the file and through the API alike. */
class RuleBoundsTest {

    @TempDir
    Path dir;

    @Test
    void spansOverTenYearsInTheFileAreRefusedWithTheirField() throws IOException {
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, """
                rules:
                  - id: r1
                    name: x
                    kind: rate
                    window: 99999999d
                    baseline: 100000000d
                    grace: 3651d
                    threshold: 1
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        String problems = e.problems().toString();
        assertTrue(problems.contains("rules[0].window: at most 3650d"), problems);
        assertTrue(problems.contains("rules[0].baseline: at most 3650d"), problems);
        assertTrue(problems.contains("rules[0].grace: at most 3650d"), problems);
    }

    @Test
    void throughTheApiTheSameBoundsHold() {
        ConfigLoader loader = new ConfigLoader(Map.of());
        ConfigException refused = assertThrows(ConfigException.class, () -> loader.readRule(
                "{\"id\": \"r\", \"name\": \"R\", \"window\": \"99999999d\", \"threshold\": 1}"));
        assertTrue(refused.problems().contains("rule.window: at most 3650d"), refused.problems().toString());
        assertEquals(Duration.ofDays(3650), loader.readRule(
                "{\"id\": \"r\", \"name\": \"R\", \"window\": \"3650d\", \"grace\": \"3650d\", \"threshold\": 1}").window());
    }

    @Test
    void aSpanTooLongToCountIsAFieldErrorNotACrash() {
        ConfigLoader loader = new ConfigLoader(Map.of());
        for (String window : new String[]{"99999999999999999999d", "999999999999999999d"}) {
            ConfigException refused = assertThrows(ConfigException.class, () -> loader.readRule(
                    "{\"id\": \"r\", \"name\": \"R\", \"window\": \"" + window + "\", \"threshold\": 1}"));
            assertTrue(refused.problems().toString().contains("window"), refused.problems().toString());
        }
    }
}
