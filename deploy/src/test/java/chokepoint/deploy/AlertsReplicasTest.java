package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static chokepoint.deploy.AdminApi.eventually;
import static chokepoint.deploy.AdminApi.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two alerts instances on one cluster, as the Kubernetes manifest runs them: whichever a client reaches answers the
 * same breach history (each reads the whole breaches topic, not the half of the partitions a pod owns), the same
 * rules and the same subscriptions; edits of one subscription made at once through both are all kept.
 */
@Tag("integration")
@Timeout(240)
class AlertsReplicasTest extends SharedClusterTest {

    @Test
    void eitherInstanceAnswersTheSameHistoryRulesAndSubscriptions() throws Exception {
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver()) {
            feed.serve(List.of(
                    new LocalFeedServer.Entry("r-1", "Commerce imposes export licensing on gallium and germanium items",
                            "https://www.federalregister.gov/documents/2026/11/20/2026-22222/gallium", "BIS license requirement.",
                            "Fri, 20 Nov 2026 14:00:00 GMT"),
                    new LocalFeedServer.Entry("r-2", "Japan imposes export controls on semiconductor manufacturing equipment",
                            "https://www.meti.go.jp/r-2", "METI export licensing.", "Fri, 20 Nov 2026 15:00:00 GMT")));
            TestConfigs.pipeline(dir, cluster.bootstrapServers(), 0, feed, slack);
            Path file = dir.resolve("chokepoint.yml");
            Files.writeString(file, Files.readString(file).replace("application-prefix: test", "application-prefix: replicas-test")
                    .replace("id: test-notices", "id: replicas-notices"));
            ChokepointConfig config = new ConfigLoader(Map.of()).load(file);
            try (Pipeline workers = Pipeline.start(config, EnumSet.of(Pipeline.Service.INGEST, Pipeline.Service.CLASSIFIER));
                 Pipeline a = Pipeline.start(config.withDataDir(dir.resolve("a")), EnumSet.of(Pipeline.Service.ALERTS));
                 Pipeline b = Pipeline.start(config.withDataDir(dir.resolve("b")), EnumSet.of(Pipeline.Service.ALERTS))) {
                String first = "http://127.0.0.1:" + a.httpPort();
                String second = "http://127.0.0.1:" + b.httpPort();

                Supplier<Set<String>> fromA = () -> historyIds(first);
                Supplier<Set<String>> fromB = () -> historyIds(second);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertTrue(fromA.get().size() >= 2, "two breaches (US, JP): " + fromA.get());
                    assertEquals(fromA.get(), fromB.get(), "the same history from either instance");
                });

                String rule = "id: replicas-rule\nname: Any export control by Japan\nmeasures: [EXPORT_CONTROL]\nactors: [JP]\nwindow: 7d\nthreshold: 1\n";
                assertEquals(200, send("PUT", first + "/api/rules/replicas-rule", "application/yaml", rule).statusCode());
                assertTrue(eventually(Duration.ofSeconds(30), () -> send("GET", second + "/api/rules", null, null).body().contains("replicas-rule")),
                        "a rule set through one instance is in force on the other");

                String subscription = """
                        {"name": "Japan's controls", "filter": {"actors": ["JP"]},
                         "channels": [{"type": "webhook", "url": "%s"}]}""".formatted(slack.url());
                HttpResponse<String> created = send("POST", first + "/api/subscriptions", "application/json", subscription);
                assertEquals(201, created.statusCode(), created.body());
                String id = Json.MAPPER.readTree(created.body()).path("id").asText();
                assertFalse(id.isEmpty());
                assertTrue(eventually(Duration.ofSeconds(30), () -> send("GET", second + "/api/subscriptions/" + id, null, null).statusCode() == 200),
                        "a subscription made through one instance is known to the other");
                assertEquals(Json.MAPPER.readTree(send("GET", first + "/api/subscriptions/" + id, null, null).body()).path("filter"),
                        Json.MAPPER.readTree(send("GET", second + "/api/subscriptions/" + id, null, null).body()).path("filter"));

                concurrentEditsThroughBothInstancesAreAllKept(first, second, id, slack.url());
            }
        }
    }

    /**
     * Sixteen silences added at once, half through each instance, while a pause goes through one: each is a
     * read-modify-write of the same subscription, so without a version check most would erase each other.
     */
    private void concurrentEditsThroughBothInstancesAreAllKept(String first, String second, String id, String webhook)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> edits = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                for (String base : List.of(first, second)) {
                    String rule = "rule-" + (base.equals(first) ? "a" : "b") + "-" + i;
                    edits.add(clients.submit(() -> send("POST", base + "/api/subscriptions/" + id + "/silences",
                            "application/json", "{\"rule\": \"" + rule + "\", \"untilResolved\": true}")));
                }
                if (i == 3) {
                    edits.add(clients.submit(() -> send("POST", second + "/api/subscriptions/" + id + "/pause", null, null)));
                }
            }
            for (Future<HttpResponse<String>> edit : edits) {
                HttpResponse<String> response = edit.get(60, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
            }
        } finally {
            clients.shutdownNow();
        }
        for (String base : List.of(first, second)) {
            assertTrue(eventually(Duration.ofSeconds(30), () -> Json.MAPPER.readTree(send("GET", base + "/api/subscriptions/" + id, null, null).body())
                    .path("silences").size() == 16), "every silence is kept, seen from " + base);
            JsonNode stored = Json.MAPPER.readTree(send("GET", base + "/api/subscriptions/" + id, null, null).body());
            assertTrue(stored.path("paused").asBoolean(), "the pause is kept too: " + stored);
            Set<String> rules = new TreeSet<>();
            stored.path("silences").forEach(silence -> rules.add(silence.path("rule").asText()));
            assertEquals(16, rules.size(), rules.toString());
            assertEquals(18, stored.path("version").asLong(), "created, then 17 changes, each stored once: " + stored);
        }

        // A change made from a version read before others came is refused, not applied over them.
        String stale = """
                {"name": "Renamed from an old copy", "filter": {"actors": ["JP"]},
                 "channels": [{"id": "c1", "type": "webhook", "url": "%s"}], "version": 1}""".formatted(webhook);
        HttpResponse<String> refused = send("PUT", second + "/api/subscriptions/" + id, "application/json", stale);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("version 18"), refused.body());
        assertEquals("Japan's controls", Json.MAPPER.readTree(send("GET", first + "/api/subscriptions/" + id, null, null).body())
                .path("name").asText());
    }

    private Set<String> historyIds(String base) {
        try {
            HttpResponse<String> response = send("GET", base + "/api/breaches/history?limit=500", null, null);
            Set<String> ids = new TreeSet<>();
            if (response.statusCode() == 200) {
                for (JsonNode breach : Json.MAPPER.readTree(response.body())) {
                    if (!breach.path("ruleId").asText().equals("source-health")) {
                        ids.add(breach.path("id").asText());
                    }
                }
            }
            return ids;
        } catch (Exception e) {
            return Set.of();
        }
    }
}
