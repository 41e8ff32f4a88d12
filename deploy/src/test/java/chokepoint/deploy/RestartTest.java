package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.config.ChokepointConfig;
import chokepoint.records.Breach;
import chokepoint.records.Item;
import chokepoint.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone default across a restart: the embedded broker keeps its data in the data folder, so an item
 * seen before the restart is neither published again nor alerted again, while a new one is.
 */
@Tag("integration")
@Timeout(240)
class RestartTest {

    @TempDir
    Path dir;

    @Test
    void itemSeenBeforeARestartIsNeitherRepublishedNorRealerted() throws Exception {
        LocalFeedServer.Entry chinaGallium = new LocalFeedServer.Entry("mofcom-2023-23",
                "China imposes export controls on gallium and germanium",
                "https://english.mofcom.gov.cn/notice/2023-23", "MOFCOM announced export licensing for gallium.",
                "Mon, 03 Jul 2023 08:00:00 GMT");
        LocalFeedServer.Entry japanChips = new LocalFeedServer.Entry("meti-2023-05",
                "Japan imposes export controls on 23 types of chipmaking equipment",
                "https://www.meti.go.jp/english/press/2023/0523.html", "METI adds semiconductor equipment.",
                "Tue, 23 May 2023 08:00:00 GMT");
        int brokerPort = TestConfigs.freePort();
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver()) {
            feed.serve(List.of(chinaGallium));
            ChokepointConfig config = TestConfigs.pipeline(dir, "", brokerPort, feed, slack);

            try (Pipeline first = Pipeline.start(config)) {
                List<String> messages = slack.awaitMessages(1, Duration.ofSeconds(90));
                assertEquals(1, messages.size());
                assertTrue(messages.get(0).contains("gallium"), messages.get(0));
            }
            assertTrue(Files.exists(config.dataDir().resolve("kafka/cluster.id")), "the broker's data is in the data folder");

            feed.serve(List.of(chinaGallium, japanChips));
            try (Pipeline second = Pipeline.start(config)) {
                List<String> messages = slack.awaitMessages(2, Duration.ofSeconds(90));
                assertEquals(2, messages.size(), "only the new item alerts after the restart");
                assertTrue(messages.get(1).contains("chipmaking"), messages.get(1));
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertEquals(2, slack.bodies().size(), "the item seen before the restart is not re-alerted"));

                List<Map.Entry<String, Item>> items = TopicDump.all(second.clients().bootstrapServers(), Topics.ITEMS);
                assertEquals(2, items.size(), "each item published once across the restart: " + items);
                List<Map.Entry<String, Breach>> breaches = TopicDump.all(second.clients().bootstrapServers(), Topics.BREACHES);
                assertEquals(List.of("CN", "JP"), breaches.stream().map(b -> b.getValue().groupKey()).sorted().toList());
            }
        }
    }
}
