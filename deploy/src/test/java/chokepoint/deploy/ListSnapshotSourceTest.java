package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.kafka.KafkaClients;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.ingest.IngestWorker;
import chokepoint.ingest.sites.CatalogueSites;
import chokepoint.records.Breach;
import chokepoint.records.Item;
import chokepoint.records.SourceState;
import chokepoint.run.RunningLoops;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A list published whole (the Consolidated Screening List's shape: ingest's {@code sites/csl} snapshots of 40 entries),
 * through the worker: the first snapshot is a silent baseline; an addition becomes one item; a change of the list's
 * generated id scheme publishes nothing; a snapshot missing half the list is held and raises a health breach, and is
 * published only when two later snapshots show the same change.
 */
@Tag("integration")
@Timeout(180)
class ListSnapshotSourceTest {

    @TempDir
    Path dir;

    @Test
    void baselineAdditionIdSchemeChangeAndAHeldMassRemoval() throws Exception {
        AtomicReference<String> snapshot = new AtomicReference<>("csl/snapshot-1.json");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/consolidated.json", exchange -> {
            byte[] body = CatalogueSites.resource(snapshot.get());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String hostPort = "127.0.0.1:" + server.getAddress().getPort();
        try (KafkaClusterTestKit cluster = InJvmKafka.singleNode()) {
            String bootstrap = cluster.bootstrapServers();
            Files.writeString(dir.resolve("chokepoint.yml"), "data-dir: ./data\nkafka:\n  bootstrap-servers: \""
                    + bootstrap + "\"\n  application-prefix: list-test\ningest:\n  politeness-delay: 0s\n"
                    + "  allowed-private: [\"" + hostPort + "\"]\nsources:\n  - id: us-csl\n    kind: list-snapshot\n"
                    + "    url: http://" + hostPort + "/consolidated.json\n    interval: 2s\n    jurisdiction: US\n");
            ChokepointConfig config = new ConfigLoader(Map.of()).load(dir.resolve("chokepoint.yml"));
            try (var admin = cluster.admin()) {
                TopicSetup.ensure(admin, 3, (short) 1);
            }
            try (IngestWorker worker = new IngestWorker(config, KafkaClients.of(bootstrap), "list", new RunningLoops())) {
                worker.start();
                await(() -> TopicDump.all(bootstrap, Topics.LIST_ENTRIES).size() >= 40, "the baseline's entries");
                Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertTrue(TopicDump.all(bootstrap, Topics.ITEMS).isEmpty(), "the first snapshot is a baseline"));

                snapshot.set("csl/snapshot-2.json");
                await(() -> items(bootstrap).size() >= 1, "the addition");
                snapshot.set("csl/snapshot-new-ids.json");
                Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertEquals(List.of("Addition to the Entity List: Demo Rare Earth Magnetics (CN)"),
                                items(bootstrap).stream().map(Item::title).toList(),
                                "one item for the addition, none for the new id scheme, none twice"));

                snapshot.set("csl/snapshot-half.json");
                // The alarm comes before anything of the held snapshot: a moment is seen with the alarm up and only the
                // addition published (the removals follow two agreeing polls, about 4 s later at a 2 s interval).
                await(() -> breaches(bootstrap, b -> b.state() == Breach.State.FIRING).size() == 1 && items(bootstrap).size() == 1,
                        "the held snapshot's alarm, with nothing of the held snapshot published yet");
                Breach held = breaches(bootstrap, b -> b.state() == Breach.State.FIRING).get(0);
                assertTrue(held.criteria().get(0).figure().contains("remove 20 of 41 entries"), held.criteria().toString());
                SourceState state = state(bootstrap);
                assertTrue(state.note() != null && state.note().contains("held"), String.valueOf(state));

                await(() -> items(bootstrap).size() == 21, "the removals once two later snapshots agreed");
                await(() -> breaches(bootstrap, b -> b.state() == Breach.State.RESOLVED).size() == 1, "the alarm resolved");
                assertTrue(items(bootstrap).stream().skip(1).allMatch(i -> i.title().startsWith("Removal from")));
            }
        } finally {
            server.stop(0);
        }
    }

    private static List<Item> items(String bootstrap) {
        return TopicDump.all(bootstrap, Topics.ITEMS).stream().map(Map.Entry::getValue).toList();
    }

    private static List<Breach> breaches(String bootstrap, Predicate<Breach> which) {
        Map<String, Breach> latest = new java.util.LinkedHashMap<>();
        TopicDump.all(bootstrap, Topics.SOURCE_HEALTH).forEach(e -> latest.put(e.getKey(), e.getValue()));
        return latest.values().stream().filter(b -> b.ruleId().equals("source-snapshot")).filter(which).toList();
    }

    private static SourceState state(String bootstrap) {
        Map<String, SourceState> states = new java.util.HashMap<>();
        TopicDump.all(bootstrap, Topics.INGEST_SOURCES).forEach(e -> states.put(e.getKey(), e.getValue()));
        return states.get("us-csl");
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    /**
     * Asked at once, then every 250 ms, as the loop it replaced: the held snapshot is published two polls (about 2 s)
     * after its alarm, and the test looks at what is not yet published in between.
     */
    private static void await(Condition condition, String what) {
        Awaitility.await().alias(what).atMost(Duration.ofMinutes(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .until(condition::met);
    }
}
