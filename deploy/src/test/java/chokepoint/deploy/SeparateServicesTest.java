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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static chokepoint.deploy.AdminApi.eventually;
import static chokepoint.deploy.AdminApi.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alerts service in three processes, as the Kubernetes manifests deploy it: threshold evaluation, delivery and
 * the web each alone ({@code --services thresholds}, {@code delivery}, {@code web}), beside ingest and the
 * classifier. A notice becomes a breach in one process, a Slack message from another, and a row of history, a rule
 * and a subscription in the third.
 */
@Tag("integration")
@Timeout(240)
class SeparateServicesTest extends SharedClusterTest {

    @Test
    void thresholdsDeliveryAndWebRunAsProcessesOfTheirOwn() throws Exception {
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver()) {
            feed.serve(List.of(new LocalFeedServer.Entry("sep-1", "Commerce imposes export licensing on gallium and germanium items",
                    "https://www.federalregister.gov/documents/2026/11/20/2026-33333/gallium", "BIS license requirement.",
                    "Fri, 20 Nov 2026 14:00:00 GMT")));
            TestConfigs.pipeline(dir, cluster.bootstrapServers(), 0, feed, slack);
            Path file = dir.resolve("chokepoint.yml");
            Files.writeString(file, Files.readString(file).replace("application-prefix: test", "application-prefix: separate-test")
                    .replace("id: test-notices", "id: separate-notices"));
            ChokepointConfig config = new ConfigLoader(Map.of()).load(file);
            try (Pipeline workers = Pipeline.start(config, EnumSet.of(Pipeline.Service.INGEST, Pipeline.Service.CLASSIFIER));
                 Pipeline thresholds = Pipeline.start(config.withDataDir(dir.resolve("t")), EnumSet.of(Pipeline.Service.THRESHOLDS));
                 Pipeline delivery = Pipeline.start(config.withDataDir(dir.resolve("d")), EnumSet.of(Pipeline.Service.DELIVERY));
                 Pipeline web = Pipeline.start(config.withDataDir(dir.resolve("w")), EnumSet.of(Pipeline.Service.WEB))) {
                String base = "http://127.0.0.1:" + web.httpPort();
                assertTrue(eventually(Duration.ofSeconds(90), () -> slack.bodies().stream().anyMatch(b -> b.contains("gallium"))),
                        "the delivery process posts the breach the thresholds process raised");
                assertTrue(eventually(Duration.ofSeconds(90), () -> send("GET", base + "/api/breaches/history", null, null).body().contains("gallium")),
                        "the web process answers the history");
                for (Pipeline process : List.of(thresholds, delivery)) {
                    // Ready once its applications settle (the control application of the three processes shares one
                    // group, which rebalances as each joins).
                    assertTrue(eventually(Duration.ofSeconds(60), () -> send("GET", "http://127.0.0.1:" + process.httpPort()
                            + "/health/readiness", null, null).statusCode() == 200), "a process without the web answers its own probes");
                }

                String rule = "id: separate-rule\nname: Any export control by Japan\nmeasures: [EXPORT_CONTROL]\nactors: [JP]\nwindow: 7d\nthreshold: 1\n";
                assertEquals(200, send("PUT", base + "/api/rules/separate-rule", "application/yaml", rule).statusCode());
                assertTrue(send("GET", base + "/api/rules", null, null).body().contains("separate-rule"));

                // The web writes a change request; the thresholds process applies it; the web waits for the outcome.
                HttpResponse<String> created = send("POST", base + "/api/subscriptions", "application/json", """
                        {"name": "Gallium desk", "filter": {"actors": ["US"]}, "channels": [{"type": "webhook", "url": "%s"}]}"""
                        .formatted(slack.url()));
                assertEquals(201, created.statusCode(), created.body());
                JsonNode stored = Json.MAPPER.readTree(created.body());
                assertEquals(1, stored.path("version").asLong(), created.body());
                HttpResponse<String> paused = send("POST", base + "/api/subscriptions/" + stored.path("id").asText() + "/pause", null, null);
                assertEquals(200, paused.statusCode(), paused.body());
                assertEquals(2, Json.MAPPER.readTree(paused.body()).path("version").asLong(), paused.body());

                HttpResponse<String> redelivery = send("POST", base + "/api/replays/none/redeliveries", "application/json", "{}");
                assertEquals(404, redelivery.statusCode(), "an unknown replay is still unknown: " + redelivery.body());
            }
        }
    }
}
