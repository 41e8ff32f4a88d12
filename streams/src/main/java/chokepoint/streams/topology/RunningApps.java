package chokepoint.streams.topology;

import org.apache.kafka.streams.KafkaStreams;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The long-running Kafka Streams applications of one process, for its health and its health page: the process is
 * ready only when every one of them is RUNNING (a rebalancing application answers queries with errors and counts
 * nothing yet), and alive while none is in ERROR or stopped without being asked to.
 *
 * <p>One per process, not a static map: {@code Pipeline} makes it and hands it to the classifier, to the alerts
 * context (where it is a bean that the applications' beans join and the health indicators read) and to the endpoints
 * of a process without the web. Two pipelines in one JVM, as the integration tests start them, each judge only their
 * own applications. An application joins when it starts and leaves when it is closed. Replays run short-lived
 * applications of their own outside it, so that a replay never makes a process unready.
 */
public final class RunningApps {

    private final Map<String, StreamsApp> apps = new ConcurrentHashMap<>();

    void join(StreamsApp app) {
        apps.put(app.name(), app);
    }

    void leave(StreamsApp app) {
        apps.remove(app.name(), app);
    }

    /** True when every application is RUNNING and none keeps failing on the same work. */
    public boolean allRunning() {
        return apps.values().stream().allMatch(app -> app.streams().state() == KafkaStreams.State.RUNNING && !app.failingInLoop());
    }

    /** True when none has failed for good (ERROR, or stopped while it should run). */
    public boolean noneFailed() {
        return apps.values().stream().map(app -> app.streams().state()).noneMatch(state -> state == KafkaStreams.State.ERROR
                || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.NOT_RUNNING);
    }

    /** Each application's state, by name. */
    public Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        apps.forEach((name, app) -> states.put(name, app.report()));
        return states;
    }
}
