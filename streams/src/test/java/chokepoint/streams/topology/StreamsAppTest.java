package chokepoint.streams.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Properties;

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
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("in-source"));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "failing-loop");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        try (StreamsApp app = new StreamsApp("failing", builder.build(), config)) {
            StreamsApps.register(app);
            app.failed(new IllegalStateException("wrapper", new java.io.UncheckedIOException("cannot process offset 7",
                    new java.io.IOException("record too large"))));
            assertFalse(app.failingInLoop(), "one failure is a bad moment");
            app.failed(new IllegalStateException("again"));
            app.failed(new IllegalStateException("and again: cannot process offset 7"));
            assertTrue(app.failingInLoop());
            assertFalse(StreamsApps.allRunning(), "not ready while it fails in a loop: " + StreamsApps.states());
            String reported = StreamsApps.states().get("failing");
            assertTrue(reported.contains("failing in a loop") && reported.contains("cannot process offset 7"), reported);
        }
        assertFalse(StreamsApps.states().containsKey("failing"), "closed applications leave the report");
    }
}
