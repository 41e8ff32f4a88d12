package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.kafka.KafkaClients;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.ingest.IngestWorker;
import chokepoint.records.Item;
import chokepoint.run.RunningLoops;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two ingest workers share the catalogue through Kafka group membership; when one crashes (halted without a word
 * to the group), its sources move to the other after the session timeout, every source keeps being polled, and no
 * item is published twice.
 */
@Tag("integration")
@Timeout(180)
class TwoIngestWorkersTest {

    @TempDir
    Path dir;

    @Test
    void sourcesOfACrashedWorkerMoveToTheSurvivorAndNothingIsPublishedTwice() throws Exception {
        List<LocalFeedServer> feeds = new ArrayList<>();
        try (KafkaClusterTestKit cluster = InJvmKafka.singleNode()) {
            ChokepointConfig config = setUp(cluster, feeds, 6, 3, "workers-test");

            IngestWorker a = new IngestWorker(config, KafkaClients.of(cluster.bootstrapServers()), "a", new RunningLoops());
            try (IngestWorker b = new IngestWorker(config, KafkaClients.of(cluster.bootstrapServers()), "b", new RunningLoops())) {
                a.start();
                b.start();
                awaitItems(cluster.bootstrapServers(), 18);
                // Each worker holds the marks of its own sources' partitions only: together, every mark once.
                // A mark is remembered just after its transaction committed: asked again for a few seconds.
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                        assertEquals(18, a.itemsKnown() + b.itemsKnown(), "a: " + a.itemsKnown() + ", b: " + b.itemsKnown()));

                a.halt();  // as a crash: no goodbye to the group; B waits for the session timeout
                for (int f = 0; f < feeds.size(); f++) {
                    feeds.get(f).serve(entries(f, 5));
                }
                awaitItems(cluster.bootstrapServers(), 30);
                awaitNoDuplicateFor(Duration.ofSeconds(3), cluster.bootstrapServers());  // a duplicate would have arrived by then
                Map<String, Integer> published = countItems(cluster.bootstrapServers());
                assertEquals(30, published.size(), "every item of every source, after the hand-over too");
                assertEquals(List.of(), published.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList(),
                        "nothing published twice");
                assertEquals(30, b.itemsKnown(), "the survivor read the marks of the partitions it took over");
            }
        } finally {
            feeds.forEach(LocalFeedServer::close);
        }
    }

    /**
     * A worker started with another's id (a copied data folder) takes its transactional id: Kafka fences the first,
     * which must stop and leave the group, or its sources would never be polled again.
     */
    @Test
    void aWorkerFencedByATwinStopsAndItsSourcesMoveToTheTwin() throws Exception {
        List<LocalFeedServer> feeds = new ArrayList<>();
        try (KafkaClusterTestKit cluster = InJvmKafka.singleNode()) {
            ChokepointConfig config = setUp(cluster, feeds, 3, 2, "twins-test");
            try (IngestWorker first = new IngestWorker(config, KafkaClients.of(cluster.bootstrapServers()), "twin", new RunningLoops())) {
                first.start();
                awaitItems(cluster.bootstrapServers(), 6);
                try (IngestWorker twin = new IngestWorker(config, KafkaClients.of(cluster.bootstrapServers()), "twin", new RunningLoops())) {
                    twin.start();
                    for (int f = 0; f < feeds.size(); f++) {
                        feeds.get(f).serve(entries(f, 4));
                    }
                    awaitItems(cluster.bootstrapServers(), 12);
                    awaitNoDuplicateFor(Duration.ofSeconds(3), cluster.bootstrapServers());
                    Map<String, Integer> published = countItems(cluster.bootstrapServers());
                    assertEquals(12, published.size(), "every source polled after the fencing, by the twin");
                    assertEquals(List.of(), published.entrySet().stream().filter(e -> e.getValue() > 1)
                            .map(Map.Entry::getKey).toList(), "nothing published twice");
                }
            }
        } finally {
            feeds.forEach(LocalFeedServer::close);
        }
    }

    /** Starts the feeds (into {@code feeds}, for the caller to close), writes the configuration, creates the topics. */
    private ChokepointConfig setUp(KafkaClusterTestKit cluster, List<LocalFeedServer> feeds, int feedCount, int entries,
                                   String prefix) throws Exception {
        for (int f = 0; f < feedCount; f++) {
            LocalFeedServer feed = new LocalFeedServer();
            feed.serve(entries(f, entries));
            feeds.add(feed);
        }
        try (var admin = cluster.admin()) {
            TopicSetup.ensure(admin, 3, (short) 1);
        }
        String bootstrap = cluster.bootstrapServers();
        StringBuilder yaml = new StringBuilder("data-dir: ./data\nkafka:\n  bootstrap-servers: \"" + bootstrap
                + "\"\n  partitions: 3\n  application-prefix: " + prefix + "\ningest:\n  politeness-delay: 0s\n  allowed-private: [");
        yaml.append(feeds.stream().map(f -> "\"" + f.hostPort() + "\"").collect(Collectors.joining(", "))).append("]\nsources:\n");
        for (int f = 0; f < feeds.size(); f++) {
            yaml.append("  - id: feed-").append(f).append("\n    kind: rss\n    url: ").append(feeds.get(f).url())
                    .append("\n    interval: 1s\n");
        }
        Path file = dir.resolve(prefix + ".yml");
        Files.writeString(file, yaml.toString());
        return new ConfigLoader(Map.of()).load(file);
    }

    private static List<LocalFeedServer.Entry> entries(int feed, int count) {
        List<LocalFeedServer.Entry> entries = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            entries.add(new LocalFeedServer.Entry("f" + feed + "-" + n, "Notice " + n + " of feed " + feed,
                    "https://example.org/" + feed + "/" + n, "Text " + n, "Mon, 02 Sep 2024 08:00:00 GMT"));
        }
        return entries;
    }

    /** Waits until {@code distinct} items were published; the callers' assertions judge what there is then. */
    private static void awaitItems(String bootstrap, int distinct) {
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> countItems(bootstrap).size() >= distinct);
        } catch (ConditionTimeoutException late) {
            // the assertions that follow say what was expected
        }
    }

    private static void awaitNoDuplicateFor(Duration quiet, String bootstrap) {
        await().during(quiet).atMost(quiet.plusSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertEquals(List.of(), countItems(bootstrap).entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList(),
                        "nothing published twice"));
    }

    private static Map<String, Integer> countItems(String bootstrap) {
        Map<String, Integer> counts = new HashMap<>();
        for (Map.Entry<String, Item> record : TopicDump.all(bootstrap, Topics.ITEMS)) {
            counts.merge(record.getKey(), 1, Integer::sum);
        }
        return counts;
    }
}
