package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.records.Breach;
import chokepoint.topics.Topics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The notices published while Chokepoint was down are the ones an analyst most needs: after the restart they arrive in
 * one poll, newest first, and each one counts at its own time. With a rule of threshold 1 and a window shorter than
 * their spacing, each is in a breach of its own (before, only the newest was: the others were older than its group's
 * newest by more than the rule's grace, and silently left out).
 */
@Tag("integration")
@Timeout(300)
class OutageTest {

    @TempDir
    Path dir;

    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME;

    private static LocalFeedServer.Entry notice(int daysAgo, String what) {
        String when = RFC_1123.format(ZonedDateTime.now(ZoneOffset.UTC).minusDays(daysAgo));
        return new LocalFeedServer.Entry("mofcom-outage-" + daysAgo, "China imposes export controls on " + what,
                "https://www.mofcom.gov.cn/outage/" + daysAgo, "MOFCOM announced export licensing.", when);
    }

    @Test
    void everyNoticePublishedWhileDownIsInABreachOfItsOwnTime() throws Exception {
        int brokerPort = TestConfigs.freePort();
        LocalFeedServer.Entry before = notice(12, "gallium and germanium");
        // Distinct acts, days apart: not copies of one story.
        List<LocalFeedServer.Entry> duringOutage = List.of(notice(3, "antimony ores, oxides and metal"),
                notice(5, "graphite anode material for batteries"), notice(7, "tungsten, tellurium and bismuth items"),
                notice(9, "superhard materials and their equipment"));
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver()) {
            feed.serve(List.of(before));
            ChokepointConfig config = TestConfigs.pipeline(dir, "", brokerPort, feed, slack);
            Path file = dir.resolve("chokepoint.yml");
            Files.writeString(file, Files.readString(file).replace("\nrules:\n", """

                    rules:
                      - id: each-notice
                        name: Each export control
                        measures: [EXPORT_CONTROL]
                        window: 1h
                        threshold: 1
                    """));
            config = new ConfigLoader(Map.of()).load(file);
            try (Pipeline first = Pipeline.start(config)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> eachNoticeBreaches(first).size() == 1);
            }
            // Down while four more notices are published; they come together, newest first, at the next poll.
            List<LocalFeedServer.Entry> all = new ArrayList<>(duringOutage);
            all.add(before);
            feed.serve(all);
            try (Pipeline second = Pipeline.start(config)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> eachNoticeBreaches(second).size() == 5);
                Map<String, Breach> breaches = eachNoticeBreaches(second);
                for (LocalFeedServer.Entry notice : all) {
                    long holding = breaches.values().stream()
                            .filter(b -> b.indicators().stream().anyMatch(ref -> notice.title().equals(ref.title()))).count();
                    assertEquals(1, holding, notice.title() + " is in exactly one breach: " + breaches.keySet());
                }
                assertEquals(0, TopicDump.all(second.clients().bootstrapServers(), Topics.UNCOUNTED).size(), "nothing left uncounted");
            }
        }
    }

    /** The rule's breaches, each in its latest state. */
    private static Map<String, Breach> eachNoticeBreaches(Pipeline pipeline) {
        Map<String, Breach> latest = new LinkedHashMap<>();
        TopicDump.all(pipeline.clients().bootstrapServers(), Topics.BREACHES).forEach(entry -> {
            if ("each-notice".equals(entry.getValue().ruleId())) {
                latest.put(entry.getKey(), entry.getValue());
            }
        });
        return latest;
    }
}
