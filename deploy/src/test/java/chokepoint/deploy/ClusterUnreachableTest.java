package chokepoint.deploy;

import org.junit.jupiter.api.Tag;
import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.kafka.ClusterProbe;
import chokepoint.kafka.KafkaClients;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health tells the truth when the cluster is gone (issue 28): with the brokers and controllers of a real in-JVM
 * cluster shut down, the alerts service's {@code /health} and {@code /health/readiness}, and a worker process's
 * readiness, answer 503 with "Kafka cluster unreachable: ..."; liveness stays as it was (a restart cannot bring the
 * cluster back).
 */
@Tag("integration")
@Timeout(180)
class ClusterUnreachableTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void healthIsDownWithTheReasonOnceTheClusterIsShutDown() throws Exception {
        KafkaClusterTestKit cluster = InJvmKafka.singleNode();
        boolean clusterUp = true;
        ClusterProbe probe = new ClusterProbe(KafkaClients.of(cluster.bootstrapServers()), Duration.ofSeconds(2),
                Duration.ZERO, Clock.systemUTC());
        ChokepointConfig config = config(cluster.bootstrapServers());
        Pipeline web = null;
        Pipeline ingest = null;
        try {
            assertEquals(Optional.empty(), probe.problem(), "a running cluster answers");
            web = Pipeline.start(config.withDataDir(dir.resolve("web")), EnumSet.of(Pipeline.Service.WEB));
            ingest = Pipeline.start(config.withDataDir(dir.resolve("ingest")), EnumSet.of(Pipeline.Service.INGEST));
            String alerts = "http://127.0.0.1:" + web.httpPort();
            String worker = "http://127.0.0.1:" + ingest.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(() -> get(alerts + "/health/readiness").statusCode() == 200
                    && get(worker + "/health/readiness").statusCode() == 200);
            assertEquals(200, get(alerts + "/health").statusCode(), get(alerts + "/health").body());

            cluster.close();
            clusterUp = false;

            Optional<String> problem = probe.problem();
            assertTrue(problem.isPresent() && problem.get().startsWith("Kafka cluster unreachable: "), problem.toString());
            for (String url : new String[]{alerts + "/health", alerts + "/health/readiness", worker + "/health/readiness",
                    worker + "/health"}) {
                await().atMost(Duration.ofSeconds(30)).until(() -> get(url).statusCode() == 503);
                // The alerts service shows the details (the reason) to a token holder only, as Micronaut does by default.
                HttpResponse<String> answer = getWithToken(url);
                assertEquals(503, answer.statusCode(), url);
                assertTrue(answer.body().contains("Kafka cluster unreachable: "), url + ": " + answer.body());
            }
            assertEquals(200, get(worker + "/health/liveness").statusCode(), "liveness does not restart for an outage");
        } finally {
            probe.close();
            if (ingest != null) {
                ingest.close();
            }
            if (web != null) {
                web.close();
            }
            if (clusterUp) {
                cluster.close();
            }
        }
    }

    /**
     * The brokers still answer, but two of the three controllers are gone: no quorum, nothing can change in the
     * cluster (no topic, no group, no transaction). describeCluster alone would say UP; the quorum is asked too.
     */
    @Test
    void aClusterThatLostItsControllerQuorumIsUnreachable() throws Exception {
        try (KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new org.apache.kafka.common.test.TestKitNodes.Builder()
                .setCombined(false).setNumBrokerNodes(1).setNumControllerNodes(3).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                // Without a quorum no controller can acknowledge a controlled shutdown: the broker would wait minutes.
                .setConfigProp("controlled.shutdown.enable", "false")
                .build()) {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            ClusterProbe probe = new ClusterProbe(KafkaClients.of(cluster.bootstrapServers()), Duration.ofSeconds(2),
                    Duration.ZERO, Clock.systemUTC());
            assertEquals(Optional.empty(), probe.problem(), "three controllers and a broker answer");
            var controllers = new java.util.ArrayList<>(cluster.controllers().values());
            controllers.get(0).shutdown();
            controllers.get(1).shutdown();
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.problem().isPresent());
            String problem = probe.problem().orElseThrow();
            assertTrue(problem.startsWith("Kafka cluster unreachable: the controller quorum did not answer"), problem);
            probe.close();
        }
    }

    private HttpResponse<String> getWithToken(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TestConfigs.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private ChokepointConfig config(String bootstrap) throws Exception {
        Path file = dir.resolve("chokepoint.yml");
        Files.writeString(file, """
                data-dir: ./data
                kafka:
                  bootstrap-servers: "%s"
                  partitions: 1
                  application-prefix: unreachable
                http:
                  port: 0
                sources: []
                auth:
                  tokens:
                    - owner: ops
                      token: %s
                      admin: true
                """.formatted(bootstrap, TestConfigs.ADMIN_TOKEN));
        return new ConfigLoader(Map.of()).load(file);
    }
}
