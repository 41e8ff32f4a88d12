package chokepoint.streams.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Streams application whose threads keep failing is reported: readiness DOWN with the reason, where replacing the
 * thread forever once left health UP while nothing was processed. (The replacement itself is Kafka's, exercised on a
 * real cluster by ExactlyOnceIntegrationTest; what is checked here is what the failures add up to.)
 */
class StreamsAppTest {

    @TempDir
    Path dir;

    @Test
    void threadsFailingAgainAndAgainAreReportedNotReadyWithTheReason() {
        RunningApps process = new RunningApps();
        try (StreamsApp app = app("failing", process)) {
            process.join(app);
            app.failed(new IllegalStateException("wrapper", new java.io.UncheckedIOException("cannot process offset 7",
                    new java.io.IOException("record too large"))));
            assertFalse(app.failingInLoop(), "one failure is a bad moment");
            app.failed(new IllegalStateException("again"));
            app.failed(new IllegalStateException("and again: cannot process offset 7"));
            assertTrue(app.failingInLoop());
            assertFalse(process.allRunning(), "not ready while it fails in a loop: " + process.states());
            String reported = process.states().get("failing");
            assertTrue(reported.contains("failing in a loop") && reported.contains("cannot process offset 7"), reported);
        }
        assertFalse(process.states().containsKey("failing"), "closed applications leave the report");
    }

    /** Two processes in one JVM (integration tests start several pipelines) each judge only their own applications. */
    @Test
    void eachProcessReportsOnlyItsOwnApplications() {
        RunningApps one = new RunningApps();
        RunningApps other = new RunningApps();
        try (StreamsApp classifier = app("classifier", one); StreamsApp thresholds = app("thresholds", other)) {
            one.join(classifier);
            other.join(thresholds);
            for (int i = 0; i < StreamsApp.LOOP_FAILURES; i++) {
                thresholds.failed(new IllegalStateException("cannot process offset " + i));
            }
            assertEquals(Set.of("classifier"), one.states().keySet());
            assertEquals(Set.of("thresholds"), other.states().keySet());
            assertFalse(other.allRunning(), "the failing one is not ready");
            assertFalse(one.states().get("classifier").contains("failing"), "the other process knows nothing of it: " + one.states());
        }
        assertTrue(one.states().isEmpty() && other.states().isEmpty(), "closed applications leave their process's report");
    }

    private StreamsApp app(String name, RunningApps process) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in-source"));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, name + "-app");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve(name).toString());
        return new StreamsApp(name, builder.build(), config, process);
    }
}
