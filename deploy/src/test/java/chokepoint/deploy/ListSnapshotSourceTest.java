package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.ingest.IngestWorker;
import chokepoint.records.Item;
import chokepoint.topics.TopicSetup;
import chokepoint.topics.Topics;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A list published whole (the Consolidated Screening List's shape, test snapshots modelled on it): the first
 * snapshot is a silent baseline, the next one's additions and removals become items, once.
 */
@Timeout(120)
class ListSnapshotSourceTest {

    @TempDir
    Path dir;

    @Test
    void firstSnapshotIsABaselineAndChangesAfterItBecomeItemsOnce() throws Exception {
        AtomicReference<String> snapshot = new AtomicReference<>("/snapshot-1.json");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/consolidated.json", exchange -> {
            byte[] body = getClass().getResourceAsStream(snapshot.get()).readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String hostPort = "127.0.0.1:" + server.getAddress().getPort();
        try (KafkaClusterTestKit cluster = InJvmKafka.singleNode()) {
            Files.writeString(dir.resolve("chokepoint.yml"), "data-dir: ./data\nkafka:\n  bootstrap-servers: \""
                    + cluster.bootstrapServers() + "\"\n  application-prefix: list-test\ningest:\n  politeness-delay: 0s\n"
                    + "  allowed-private: [\"" + hostPort + "\"]\nsources:\n  - id: us-csl\n    kind: list-snapshot\n"
                    + "    url: http://" + hostPort + "/consolidated.json\n    interval: 1s\n    jurisdiction: US\n");
            ChokepointConfig config = new ConfigLoader(Map.of()).load(dir.resolve("chokepoint.yml"));
            try (var admin = cluster.admin()) {
                TopicSetup.ensure(admin, 3, (short) 1);
            }
            try (IngestWorker worker = new IngestWorker(config, cluster.bootstrapServers(), "list")) {
                worker.start();
                awaitEntries(cluster.bootstrapServers(), 3);
                Thread.sleep(2000);
                assertTrue(TopicDump.all(cluster.bootstrapServers(), Topics.ITEMS).isEmpty(), "the first snapshot is a baseline");

                snapshot.set("/snapshot-2.json");
                List<Map.Entry<String, Item>> items = awaitItems(cluster.bootstrapServers(), 2);
                Thread.sleep(3000);  // further polls of the same snapshot add nothing
                items = TopicDump.all(cluster.bootstrapServers(), Topics.ITEMS);
                assertEquals(List.of("Addition to the Entity List: Demo Rare Earth Magnetics (CN)",
                                "Removal from the Specially Designated Nationals: Example Shipping LLC (AE)"),
                        items.stream().map(e -> e.getValue().title()).sorted().toList());
            }
        } finally {
            server.stop(0);
        }
    }

    private static void awaitEntries(String bootstrap, int count) throws InterruptedException {
        for (int i = 0; i < 120 && TopicDump.all(bootstrap, Topics.LIST_ENTRIES).size() < count; i++) {
            Thread.sleep(500);
        }
    }

    private static List<Map.Entry<String, Item>> awaitItems(String bootstrap, int count) throws InterruptedException {
        List<Map.Entry<String, Item>> items = TopicDump.all(bootstrap, Topics.ITEMS);
        for (int i = 0; i < 120 && items.size() < count; i++) {
            Thread.sleep(500);
            items = TopicDump.all(bootstrap, Topics.ITEMS);
        }
        return items;
    }
}
