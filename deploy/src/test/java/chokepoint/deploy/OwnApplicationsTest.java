package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.records.Json;
import chokepoint.run.SupervisedLoop;
import chokepoint.topics.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static chokepoint.deploy.AdminApi.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three processes in one JVM, as the integration tests start them: a classifier alone, thresholds alone (control and
 * thresholds) and the web (its alerts context runs control). Each one's health reports its own Streams applications
 * and its own supervised loops, and no other's: both were once kept in static registries, so that every process in a
 * JVM judged (and showed) all of them, and a test's pipeline could be made unready by another's. A loop failing in the
 * web process made the two others DOWN too (this test's 503 on the static {@code Workers}, before {@code RunningLoops}).
 * Each closed process's meter registries also leave Micrometer's global one, which ingest and the classifier count into
 * (Micronaut's registry factory joins it at start and leaves it at shutdown; this holds it so).
 */
@Tag("integration")
@Timeout(180)
class OwnApplicationsTest extends SharedClusterTest {

    @Test
    void eachProcessReportsOnlyItsOwnStreamsApplicationsAndLoops() throws Exception {
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver()) {
            TestConfigs.pipeline(dir, cluster.bootstrapServers(), 0, feed, slack);
            Path file = dir.resolve("chokepoint.yml");
            Files.writeString(file, Files.readString(file).replace("application-prefix: test", "application-prefix: own-test"));
            ChokepointConfig config = new ConfigLoader(Map.of()).load(file);
            Set<MeterRegistry> exportedBefore = Set.copyOf(Metrics.globalRegistry.getRegistries());
            try (Pipeline classifier = Pipeline.start(config.withDataDir(dir.resolve("c")), EnumSet.of(Pipeline.Service.CLASSIFIER));
                 Pipeline thresholds = Pipeline.start(config.withDataDir(dir.resolve("t")), EnumSet.of(Pipeline.Service.THRESHOLDS));
                 Pipeline web = Pipeline.start(config.withDataDir(dir.resolve("w")), EnumSet.of(Pipeline.Service.WEB))) {
                assertEquals(Set.of("classifier"), reported(classifier));
                assertEquals(Set.of("control", "thresholds"), reported(thresholds));
                assertEquals(Set.of("control"), reported(web), "the alerts context's health indicators read its own bean");
                assertEquals(Set.of("control", "thresholds"), thresholds.apps().states().keySet());
                // Each process is ready before one fails: readiness waits for its Streams applications to run, and the
                // failure was once injected before another process's were (503 "and ready" on a fresh clone).
                for (Pipeline process : List.of(classifier, thresholds, web)) {
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                            assertEquals(200, status(process, "/health/readiness"), "every process ready first"));
                }

                try (SupervisedLoop failing = SupervisedLoop.start("injected-failure", (markRunning, running) -> {
                    throw new IllegalStateException("injected failure in the web process");
                }, web.loops())) {
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                            assertEquals(503, status(web, "/health/liveness"), "the web process's own loop is down"));
                    assertTrue(loopsReported(web).contains("injected-failure"), loopsReported(web).toString());
                    for (Pipeline other : List.of(classifier, thresholds)) {
                        assertEquals(200, status(other, "/health/liveness"), "another process in the JVM stays alive");
                        assertEquals(200, status(other, "/health/readiness"), "and ready");
                        assertFalse(loopsReported(other).contains("injected-failure"), loopsReported(other).toString());
                        assertFalse(metrics(other).contains("injected-failure"), "nor in its metrics");
                    }
                    assertTrue(metrics(web).contains("chokepoint_worker_up{worker=\"injected-failure\"} 0.0"), metrics(web));
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertEquals(200, status(web, "/health/liveness"), "the loop stopped leaves the report"));
                assertFalse(metrics(web).contains("injected-failure"), "and its gauges leave the metrics");
                assertEquals(Set.of(), loopsReported(classifier), "the classifier runs no supervised loop");
                String liveIndicators = "follow-" + Topics.INDICATORS.name();
                assertTrue(loopsReported(web).contains(liveIndicators), "the page's tail of indicators: " + loopsReported(web));
                assertFalse(loopsReported(thresholds).contains(liveIndicators), "the page's tails are the web's alone");
            }
            assertEquals(exportedBefore, Set.copyOf(Metrics.globalRegistry.getRegistries()),
                    "a closed process's registries no longer take the JVM's global meters");
        }
    }

    private static int status(Pipeline process, String path) throws Exception {
        return send("GET", "http://127.0.0.1:" + process.httpPort() + path, null, null).statusCode();
    }

    /** The supervised loops named in the process's readiness report. */
    private static Set<String> loopsReported(Pipeline process) throws Exception {
        return namesIn(process, "workers");
    }

    private static String metrics(Pipeline process) throws Exception {
        return send("GET", "http://127.0.0.1:" + process.httpPort() + "/prometheus", null, null).body();
    }

    /** The applications named in the process's readiness report (the details a token holder sees). */
    private static Set<String> reported(Pipeline process) throws Exception {
        return namesIn(process, "streams");
    }

    private static Set<String> namesIn(Pipeline process, String part) throws Exception {
        HttpResponse<String> answer = send("GET", "http://127.0.0.1:" + process.httpPort() + "/health/readiness", null, null);
        JsonNode found = Json.MAPPER.readTree(answer.body()).findValue(part);
        assertNotNull(found, answer.body());
        Set<String> names = new TreeSet<>();
        found.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
