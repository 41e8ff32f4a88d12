package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.ConfigLoader;
import chokepoint.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static chokepoint.deploy.AdminApi.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Three processes in one JVM, as the integration tests start them: a classifier alone, thresholds alone (control and
 * thresholds) and the web (its alerts context runs control). Each one's health reports its own Streams applications
 * and no other's: they were once kept in one static map, so that every process in a JVM judged (and showed) all of
 * them, and a test's pipeline could be made unready by another's.
 */
@Tag("integration")
@Timeout(180)
class OwnApplicationsTest extends SharedClusterTest {

    @Test
    void eachProcessReportsOnlyItsOwnStreamsApplications() throws Exception {
        try (LocalFeedServer feed = new LocalFeedServer(); SlackReceiver slack = new SlackReceiver()) {
            TestConfigs.pipeline(dir, cluster.bootstrapServers(), 0, feed, slack);
            Path file = dir.resolve("chokepoint.yml");
            Files.writeString(file, Files.readString(file).replace("application-prefix: test", "application-prefix: own-test"));
            ChokepointConfig config = new ConfigLoader(Map.of()).load(file);
            try (Pipeline classifier = Pipeline.start(config.withDataDir(dir.resolve("c")), EnumSet.of(Pipeline.Service.CLASSIFIER));
                 Pipeline thresholds = Pipeline.start(config.withDataDir(dir.resolve("t")), EnumSet.of(Pipeline.Service.THRESHOLDS));
                 Pipeline web = Pipeline.start(config.withDataDir(dir.resolve("w")), EnumSet.of(Pipeline.Service.WEB))) {
                assertEquals(Set.of("classifier"), reported(classifier));
                assertEquals(Set.of("control", "thresholds"), reported(thresholds));
                assertEquals(Set.of("control"), reported(web), "the alerts context's health indicators read its own bean");
                assertEquals(Set.of("control", "thresholds"), thresholds.apps().states().keySet());
            }
        }
    }

    /** The applications named in the process's readiness report (the details a token holder sees). */
    private static Set<String> reported(Pipeline process) throws Exception {
        HttpResponse<String> answer = send("GET", "http://127.0.0.1:" + process.httpPort() + "/health/readiness", null, null);
        JsonNode streams = Json.MAPPER.readTree(answer.body()).findValue("streams");
        assertNotNull(streams, answer.body());
        Set<String> names = new TreeSet<>();
        streams.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
