package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.ingest.IngestWorker;
import chokepoint.ingest.sites.CatalogueSites;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.SourceState;
import chokepoint.run.RunningLoops;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 300 sources on one host through the real worker: their turns at the host need ten times the fetch deadline
 * (300 × 100 ms against 3 s; 32 polls at once, as the worker ran them, already 3.2 s), which before the host queue left
 * most of them failing "fetch deadline passed while waiting for our turn". Every source is polled once, none fails.
 * (The deadline counts from the turn. It was 1 s, and once on a loaded CI machine a loopback answer took longer than
 * that after its turn: a deadline this test is not about.) (The spacing itself, at the default 2 s, is counted on
 * a hand-moved clock in outbound's HostTurnsTest and HostBudgetTest.)
 */
@Tag("integration")
@Timeout(240)
class ManySourcesOneHostTest {

    @TempDir
    Path dir;

    @Test
    void threeHundredSourcesOnOneHostAreAllPolledNoneFailing() throws Exception {
        byte[] feed = CatalogueSites.resource("ustr/rss.xml");
        Set<String> served = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/feeds/", exchange -> {
            served.add(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
            exchange.sendResponseHeaders(200, feed.length);
            exchange.getResponseBody().write(feed);
            exchange.close();
        });
        server.start();
        String hostPort = "127.0.0.1:" + server.getAddress().getPort();
        try (KafkaClusterTestKit cluster = InJvmKafka.singleNode()) {
            String bootstrap = cluster.bootstrapServers();
            try (var admin = cluster.admin()) {
                TopicSetup.ensure(admin, 3, (short) 1);
            }
            StringBuilder yaml = new StringBuilder("data-dir: ./data\nkafka:\n  bootstrap-servers: \"" + bootstrap
                    + "\"\n  application-prefix: many\ningest:\n  politeness-delay: 100ms\n  fetch-deadline: 3s\n"
                    + "  allowed-private: [\"" + hostPort + "\"]\nsources:\n");
            for (int i = 0; i < 300; i++) {
                yaml.append("  - id: source-").append(i).append("\n    kind: rss\n    url: http://").append(hostPort)
                        .append("/feeds/").append(i).append(".xml\n    interval: 1h\n");
            }
            Files.writeString(dir.resolve("chokepoint.yml"), yaml.toString());
            ChokepointConfig config = new ConfigLoader(Map.of()).load(dir.resolve("chokepoint.yml"));
            try (IngestWorker worker = new IngestWorker(config, KafkaClients.of(bootstrap), "many", new RunningLoops())) {
                worker.start();
                await().alias("every source polled").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> states(bootstrap).values().stream().filter(s -> s.lastAttempt() != null).count() >= 300);
                Map<String, SourceState> states = states(bootstrap);
                List<String> failing = states.values().stream().filter(s -> s.consecutiveFailures() > 0)
                        .map(s -> s.sourceId() + ": " + s.lastError()).toList();
                assertEquals(List.of(), failing, "no source failed waiting for its turn");
                assertEquals(300, states.values().stream().filter(s -> s.lastSuccess() != null).count(), "every source polled");
                assertEquals(300, served.size(), "each feed fetched");
            }
        } finally {
            server.stop(0);
        }
    }

    private static Map<String, SourceState> states(String bootstrap) {
        Map<String, SourceState> states = new HashMap<>();
        TopicDump.all(bootstrap, Topics.INGEST_SOURCES).forEach(e -> states.put(e.getKey(), e.getValue()));
        return states;
    }
}
