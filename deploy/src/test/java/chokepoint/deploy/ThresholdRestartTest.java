package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.kafka.KafkaClients;
import chokepoint.config.ChokepointConfig;
import chokepoint.records.Breach;
import chokepoint.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Threshold rules on a real in-JVM cluster: a restart in the middle of a window neither loses the first indicator
 * nor fires twice, and rules added, refused and removed through the HTTP API take effect while indicators flow.
 */
@Tag("integration")
@Timeout(240)
class ThresholdRestartTest extends SharedClusterTest {

    private static LocalFeedServer.Entry exportControl(String id, String title, String date) {
        // The lead repeats the title, as many feeds do. (A lead naming no country, "The ministry announced an export
        // ban.", made the round-6 model read Japan's measure as China's: see docs/classifier.md, known weaknesses.)
        return new LocalFeedServer.Entry(id, title, "https://example.org/" + id, title + ".", date);
    }

    @Test
    void restartMidWindowFiresOnceAndRulesChangeThroughTheApi() throws Exception {
        LocalFeedServer.Entry first = exportControl("n1", "China imposes export controls on antimony", "Mon, 02 Sep 2024 08:00:00 GMT");
        LocalFeedServer.Entry second = exportControl("n2", "China imposes export controls on graphite", "Wed, 04 Sep 2024 08:00:00 GMT");
        // Not "... on chip equipment": models fitted since round 25 read that title, repeated as its lead, as China's
        // (docs/classifier.md, known weaknesses); the rule added at runtime needs an indicator read as Japan's.
        LocalFeedServer.Entry third = exportControl("n3", "Japan imposes export controls on semiconductor manufacturing equipment",
                "Thu, 05 Sep 2024 08:00:00 GMT");
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver()) {
            ChokepointConfig base = TestConfigs.pipeline(dir, cluster.bootstrapServers(), 0, feed, slack);
            Path file = dir.resolve("chokepoint.yml");
            Files.writeString(file, Files.readString(file).replace("threshold: 1", "threshold: 2"));
            ChokepointConfig config = new chokepoint.config.ConfigLoader(Map.of()).load(file);
            assertEquals(2, config.rules().get(0).threshold());

            feed.serve(List.of(first));
            try (Pipeline run = Pipeline.start(config)) {
                String bootstrap = run.clients().bootstrapServers();
                awaitTopic(bootstrap, Topics.INDICATORS.name(), 1);
                // Counted and committed before the restart: the count is in the thresholds application's changelog.
                String groups = config.kafka().applicationPrefix() + "-thresholds-threshold-groups-changelog";
                await().alias("the indicator counted in " + groups).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                        .until(() -> !TopicDump.liveKeys(bootstrap, groups).isEmpty());
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                        assertTrue(TopicDump.all(bootstrap, Topics.BREACHES).isEmpty(), "one is below the threshold"));
            }

            feed.serve(List.of(first, second));
            try (Pipeline run = Pipeline.start(config)) {
                List<String> messages = slack.awaitMessages(1, Duration.ofSeconds(90));
                assertEquals(1, messages.size(), "the indicator from before the restart still counts");
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    List<Map.Entry<String, Breach>> breaches = TopicDump.all(run.clients().bootstrapServers(), Topics.BREACHES);
                    assertEquals(1, breaches.size(), "fired once: " + breaches);
                });
                List<Map.Entry<String, Breach>> breaches = TopicDump.all(run.clients().bootstrapServers(), Topics.BREACHES);
                assertEquals(1, breaches.size(), "fired once: " + breaches);
                assertEquals(2, breaches.get(0).getValue().count());

                String api = "http://127.0.0.1:" + run.httpPort() + "/api/rules";
                HttpResponse<String> refused = put(api + "/bad", "id: bad\nname: x\nwindow: soon\nthreshold: 1\n");
                assertEquals(400, refused.statusCode());
                assertTrue(refused.body().contains("rule.window"), refused.body());

                HttpResponse<String> added = put(api + "/japan-any", """
                        id: japan-any
                        name: Any export control by Japan
                        measures: [EXPORT_CONTROL]
                        actors: [JP]
                        window: 7d
                        threshold: 1
                        """);
                assertEquals(200, added.statusCode(), added.body());
                awaitRule(api, "japan-any", true);
                feed.serve(List.of(first, second, third));
                List<String> after = slack.awaitMessages(2, Duration.ofSeconds(60));
                assertEquals(2, after.size(), "the rule added at runtime fired");
                assertTrue(after.get(1).contains("Any export control by Japan"), after.get(1));

                HttpResponse<String> removed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/japan-any"))
                        .header("Authorization", "Bearer " + TestConfigs.ADMIN_TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(204, removed.statusCode());
                awaitRule(api, "japan-any", false);

                String history = get("http://127.0.0.1:" + run.httpPort() + "/api/breaches/history?actor=CN");
                assertTrue(history.contains("\"ruleId\":\"export-controls\""), history);
                assertTrue(!history.contains("japan-any"), "filtered by actor: " + history);
            }
        }
    }

    private static void awaitTopic(String bootstrap, String topic, int count) {
        await().alias(count + " records on " + topic).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<Object> records = new ArrayList<>();
            chokepoint.topics.TopicReader.readAll(KafkaClients.of(bootstrap), Topics.INDICATORS, (k, v) -> records.add(v));
            return records.size() >= count;
        });
    }

    private static void awaitRule(String api, String id, boolean present) {
        await().alias("rule " + id + (present ? " appears" : " goes away")).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(api).contains("\"id\":\"" + id + "\"") == present);
    }

    private static HttpResponse<String> put(String url, String yaml) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/yaml")
                        .header("Authorization", "Bearer " + TestConfigs.ADMIN_TOKEN).PUT(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return response.body();
    }
}
